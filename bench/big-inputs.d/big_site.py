#!/usr/bin/env python3
"""The local site bench/big-inputs crawls: the three big inputs of issue 12 (#11), made once at start.

  /sitemap.xml.gz   a gzip sitemap of --urls URLs (1,000,000: about 2.6 MB on the wire)
  /feed.xml         an RSS feed of --urls items
  /pages.xml        an RSS feed of --pages items, each a page of --page-mib MiB at /big/<i>.html
Every other path (the URLs the sitemap and the big feed list) answers 404 at once. Writes the port it
listens on to --port-file when ready.
"""
import argparse
import gzip
import http.server
import os


def sitemap(base, count):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    parts.extend(f"<url><loc>{base}/s/{i}.html</loc><lastmod>2025-06-01</lastmod></url>\n" for i in range(count))
    parts.append("</urlset>\n")
    return "".join(parts).encode()


def feed(base, count, path):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Big</title>\n']
    parts.extend(f"<item><title>Item {i}</title><link>{base}/{path}/{i}.html</link>"
                 f"<pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>\n" for i in range(count))
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def big_page(mib):
    paragraph = ("<p>The council met on Tuesday to discuss the harbour works, which have run two years "
                 "late and well over budget, and heard from residents who live beside the site.</p>\n")
    body = paragraph * (mib * 1024 * 1024 // len(paragraph))
    return ("<html><head><title>Big page {i}</title></head><body><article><h1>Big page {i}</h1>\n"
            + body + "</article></body></html>\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--page-mib", type=int, default=15)
    args = parser.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    base = f"http://127.0.0.1:{server.server_port}"
    documents = {
        "/sitemap.xml.gz": (gzip.compress(sitemap(base, args.urls), 6), "application/x-gzip"),
        "/feed.xml": (feed(base, args.urls, "f"), "application/rss+xml"),
        "/pages.xml": (feed(base, args.pages, "big"), "application/rss+xml"),
    }
    page_template = big_page(args.page_mib)
    pages = {f"/big/{i}.html": page_template.replace("{i}", str(i)).encode() for i in range(args.pages)}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body, kind = documents.get(self.path, (None, None))
            if body is None and self.path in pages:
                body, kind = pages[self.path], "text/html; charset=utf-8"
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server.RequestHandlerClass = Handler
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_port))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

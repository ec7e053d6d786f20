#!/usr/bin/env python3
"""The changing local news site bench/soak crawls.

Serves --sections RSS feeds (/feed-<k>.xml, the newest 50 stories of section k, with an ETag so an
unchanged feed answers 304) and the stories themselves (/story/<id>.html). A new story is published
every 1/--rate seconds, so the feeds change between the daemon's passes the way a busy site's do, only
faster. Each story's text is generated from its id (seeded words), so no two stories are duplicates
and a story answers the same every time it is fetched. Writes the port to --port-file once listening.
"""
import argparse
import hashlib
import http.server
import os
import random
import threading
import time

WORDS = ("council river harbour election budget school festival market storm bridge minister village "
         "court hospital railway museum farmers workers teachers police museum season report plan "
         "water energy housing weather coast mountain city region league match victory inquiry "
         "station airport factory orchestra library garden forest island valley ministry union").split()


def story_html(story_id):
    rng = random.Random(story_id)
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" ({story_id})"
    paragraphs = []
    for _ in range(8):
        words = [rng.choice(WORDS) for _ in range(rng.randint(35, 60))]
        paragraphs.append("<p>" + " ".join(words).capitalize() + f" {story_id}-{rng.randint(0, 10**9)}.</p>")
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Soak Times</title>"
            f"</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>"
            f"<main><article><h1>{title}</h1>{''.join(paragraphs)}</article></main>"
            f"<footer><p>Copyright Soak Times. All rights reserved.</p></footer></body></html>").encode()


class Site:
    def __init__(self, sections, rate):
        self.sections = sections
        self.rate = rate
        self.started = time.monotonic()
        self.initial = 20 * sections  # stories there before the daemon starts

    def published(self):
        return self.initial + int((time.monotonic() - self.started) * self.rate)

    def feed(self, section, base):
        newest = self.published() - 1
        ids = [i for i in range(newest, -1, -1) if i % self.sections == section][:50]
        items = "".join(f"<item><title>Story {i}</title><link>{base}/story/{i}.html</link>"
                        f"<guid>{base}/story/{i}.html</guid></item>" for i in ids)
        body = (f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Section {section}</title>"
                f"{items}</channel></rss>").encode()
        return body, '"' + hashlib.sha1(body).hexdigest() + '"'


def handler_for(site):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body=b"", content_type="text/plain", headers=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):
            base = f"http://{self.headers.get('Host', '127.0.0.1')}"
            path = self.path.split("?")[0]
            if path.startswith("/feed-") and path.endswith(".xml"):
                section = int(path[len("/feed-"):-len(".xml")])
                body, etag = site.feed(section, base)
                if self.headers.get("If-None-Match") == etag:
                    return self.send(304, headers=[("ETag", etag)])
                return self.send(200, body, "application/rss+xml", [("ETag", etag)])
            if path.startswith("/story/") and path.endswith(".html"):
                story_id = int(path[len("/story/"):-len(".html")])
                if story_id < site.published():
                    return self.send(200, story_html(story_id), "text/html; charset=utf-8")
            if path == "/robots.txt":
                return self.send(200, b"User-agent: *\nAllow: /\n")
            return self.send(404, b"not found")

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--rate", type=float, default=5.0, help="stories published per second")
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    site = Site(args.sections, args.rate)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""An independent WARC reader for the tests: Python's standard library only (zlib, hashlib, base64).

    warc_read.py FILE...   prints a JSON list with one object per record

It checks what our writer promises and reports every breach in "problems" (never raising): each
gzip member holds exactly one record, Content-Length matches, the block ends with CRLF CRLF, the
WARC-Block-Digest and WARC-Payload-Digest (sha1, base32; the payload being the entity body with
chunked transfer-encoding removed) are right. Response bodies are returned decoded (gzip/deflate)
as text.
"""
import base64
import hashlib
import json
import sys
import zlib


def sha1_label(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def gzip_members(raw):
    """(offset, bytes) of each gzip member; plain files are one 'member' at offset 0."""
    if not raw.startswith(b"\x1f\x8b"):
        yield 0, raw
        return
    offset = 0
    while offset < len(raw):
        inflater = zlib.decompressobj(wbits=31)
        data = inflater.decompress(raw[offset:])
        if not inflater.eof:
            raise ValueError("torn gzip member at offset %d" % offset)
        used = len(raw) - offset - len(inflater.unused_data)
        yield offset, data
        offset += used


def parse_headers(text):
    fields = {}
    for line in text.split("\r\n"):
        if not line:
            continue
        name, _, value = line.partition(":")
        fields.setdefault(name.strip().lower(), value.strip())
    return fields


def dechunk(body):
    """The chunks' data; a body cut short (WARC-Truncated) gives what arrived."""
    out = b""
    pos = 0
    while True:
        end = body.find(b"\r\n", pos)
        if end < 0:
            return out
        size = int(body[pos:end].split(b";")[0], 16)
        pos = end + 2
        if size == 0:
            return out
        out += body[pos:pos + size]
        pos += size + 2


def decode_body(body, encoding):
    encoding = encoding.lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompress(body, wbits=31)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


def read_records(data, base_offset, problems):
    """Records in `data` (one member's worth, or a whole plain file)."""
    records = []
    pos = 0
    while pos < len(data):
        head_end = data.index(b"\r\n\r\n", pos)
        head = data[pos:head_end].decode("utf-8", "replace")
        version, _, rest = head.partition("\r\n")
        fields = parse_headers(rest)
        length = int(fields["content-length"])
        block = data[head_end + 4:head_end + 4 + length]
        if len(block) != length:
            problems.append("block shorter than Content-Length at %d" % base_offset)
        if data[head_end + 4 + length:head_end + 8 + length] != b"\r\n\r\n":
            problems.append("record at %d does not end with CRLF CRLF" % base_offset)
        records.append((version, fields, block))
        pos = head_end + 8 + length
    return records


def describe(version, fields, block, offset, problems):
    record = {
        "offset": offset,
        "version": version,
        "type": fields.get("warc-type", ""),
        "id": fields.get("warc-record-id", ""),
        "date": fields.get("warc-date", ""),
        "target": fields.get("warc-target-uri", ""),
        "ip": fields.get("warc-ip-address", ""),
        "concurrent_to": fields.get("warc-concurrent-to", ""),
        "warcinfo_id": fields.get("warc-warcinfo-id", ""),
        "profile": fields.get("warc-profile", ""),
        "truncated": fields.get("warc-truncated", ""),
        "content_type": fields.get("content-type", ""),
        "filename": fields.get("warc-filename", ""),
    }
    digest = fields.get("warc-block-digest")
    record["block_digest_ok"] = digest == sha1_label(block) if digest else None
    if record["type"] == "warcinfo":
        record["info"] = block.decode("utf-8", "replace")
    if record["type"] in ("response", "revisit") and "application/http" in record["content_type"]:
        head, _, body = block.partition(b"\r\n\r\n")
        status_line, _, header_text = head.decode("iso-8859-1").partition("\r\n")
        headers = parse_headers(header_text)
        record["status"] = int(status_line.split()[1])
        record["headers"] = headers
        payload = dechunk(body) if "chunked" in headers.get("transfer-encoding", "").lower() else body
        expected = fields.get("warc-payload-digest")
        record["payload_digest_ok"] = expected == sha1_label(payload) if expected else None
        try:
            record["body"] = decode_body(payload, headers.get("content-encoding", "")).decode("utf-8", "replace")
        except zlib.error as error:
            if not record["truncated"]:
                problems.append("cannot decode body at %d: %s" % (offset, error))
    if record["type"] == "request":
        record["request_line"] = block.split(b"\r\n", 1)[0].decode("iso-8859-1")
    return record


def main():
    out = []
    for path in sys.argv[1:]:
        problems = []
        with open(path, "rb") as f:
            raw = f.read()
        gzipped = raw.startswith(b"\x1f\x8b")
        for offset, data in gzip_members(raw):
            records = read_records(data, offset, problems)
            if gzipped and len(records) != 1:
                problems.append("gzip member at %d holds %d records" % (offset, len(records)))
            for version, fields, block in records:
                record = describe(version, fields, block, offset, problems)
                record["file"] = path
                out.append(record)
        out.append({"file": path, "type": "(file)", "problems": problems})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A falcosidekick stand-in for the HTTP output tests.

POST <any path>: the alert. Bodies with Content-Encoding: gzip are decompressed. JSON bodies get
falcosidekick's input checks (priority, rule, time and non-empty output_fields present); a body
that fails them gets 400, as falcosidekick answers. text/plain bodies must be non-empty.
POST /control/slow?seconds=S: every request arriving in the next S seconds is answered only when
the S seconds are over (a slow sink).
GET /stats: JSON counters: accepted, rejected, connections, user_agents, content_types,
encodings, rules (count per rule).
Prints "PORT <n>" on its first line once listening. Stops on SIGTERM or stdin EOF.
"""
import argparse
import gzip
import json
import re
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PRIORITIES = {"emergency", "alert", "critical", "error", "warning", "notice", "informational",
              "info", "debug"}
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$")

lock = threading.Lock()
stats = {"accepted": 0, "rejected": 0, "connections": 0, "user_agents": {}, "content_types": {},
         "encodings": {}, "rules": {}, "last_error": ""}
slow_until = [0.0]


def bump(table, key):
    table[key] = table.get(key, 0) + 1


def check_falco_payload(payload):
    """falcosidekick's FalcoPayload.Check(): the reason it fails, or None."""
    if not isinstance(payload, dict):
        return "not an object"
    if str(payload.get("priority", "")).lower() not in PRIORITIES:
        return "bad priority"
    if not payload.get("rule"):
        return "no rule"
    if not isinstance(payload.get("time"), str) or not TIME_RE.match(payload["time"]):
        return "bad time"
    fields = payload.get("output_fields")
    if not isinstance(fields, dict) or len(fields) == 0:
        return "no output_fields"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client closes
    disable_nagle_algorithm = True  # headers and body are separate writes

    def setup(self):
        super().setup()
        with lock:
            stats["connections"] += 1

    def log_message(self, *args):
        pass

    def reply(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/stats":
            with lock:
                body = json.dumps(stats).encode()
            self.reply(200, body)
        else:
            self.reply(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        url = urlparse(self.path)
        if url.path == "/control/slow":
            seconds = float(parse_qs(url.query).get("seconds", ["0"])[0])
            slow_until[0] = time.time() + seconds
            self.reply(200)
            return
        wait = slow_until[0] - time.time()
        if wait > 0:
            time.sleep(wait)
        encoding = self.headers.get("Content-Encoding", "identity")
        ctype = self.headers.get("Content-Type", "")
        with lock:
            bump(stats["user_agents"], self.headers.get("User-Agent", ""))
            bump(stats["content_types"], ctype)
            bump(stats["encodings"], encoding)
        if encoding == "gzip":
            body = gzip.decompress(body)
        error = None
        rule = None
        if ctype.startswith("application/json"):
            try:
                payload = json.loads(body)
                error = check_falco_payload(payload)
                rule = payload.get("rule") if isinstance(payload, dict) else None
            except ValueError as e:
                error = "invalid json: %s" % e
        elif not body:
            error = "empty body"
        else:
            rule = "<text>"
        with lock:
            if error:
                stats["rejected"] += 1
                stats["last_error"] = error
            else:
                stats["accepted"] += 1
                bump(stats["rules"], rule)
        if error:
            self.reply(400, b"Please send a valid request body")
        else:
            self.reply(200, b"ok")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca", help="require client certificates signed by this CA")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The test owns us through our stdin: when it closes (or dies), we exit.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()

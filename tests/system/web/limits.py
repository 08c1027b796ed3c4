#!/usr/bin/env python3
"""The web service's limits from the host, through the loopback forward to
the node's 443 (tests/system/91-web-limits.t runs this). Every refusal is
checked beside a control: the same request without the flaw, accepted.
Prints "ok - ..." / "not ok - ..." lines, and "# ..." for diagnostics.

usage: limits.py HTTPS_PORT ADMIN_PASSWORD CTID
"""
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time

PORT = int(sys.argv[1])
PASSWORD = sys.argv[2]
CT = sys.argv[3]
HOST = "127.0.0.1:%d" % PORT
ORIGIN = "https://" + HOST

CTX = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def ok(cond, what):
    print("%s - %s" % ("ok" if cond else "not ok", what), flush=True)
    return cond


def diag(text):
    for line in str(text).splitlines():
        print("# " + line, flush=True)


def connect(timeout=20):
    raw = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    return CTX.wrap_socket(raw, server_hostname="vzhost")


def read_response(s, timeout=20):
    """One response: (status, headers dict, body bytes); status 0 if none."""
    s.settimeout(timeout)
    buf = b""
    while b"\r\n\r\n" not in buf:
        try:
            d = s.recv(65536)
        except (socket.timeout, ssl.SSLError, OSError):
            d = b""
        if not d:
            return 0, {}, buf
        buf += d
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, v = line.split(":", 1)
        hdrs[k.strip().lower()] = v.strip()
    n = int(hdrs.get("content-length", "0"))
    while len(body) < n:
        d = s.recv(65536)
        if not d:
            break
        body += d
    return status, hdrs, body


def closed_after(s, timeout=5):
    """Whether the server closes the connection (EOF within timeout)."""
    s.settimeout(timeout)
    try:
        while True:
            d = s.recv(4096)
            if not d:
                return True
    except (socket.timeout, TimeoutError):
        return False
    except (ssl.SSLError, OSError):
        return True


def exchange(raw, close_check=True):
    """Sends raw bytes on a new connection: (status, closed, body)."""
    s = connect()
    s.sendall(raw)
    st, hdrs, body = read_response(s)
    closed = closed_after(s, 5 if close_check else 0.5)
    s.close()
    return st, closed, body


def get(path="/", extra=b""):
    return (b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\n" +
            extra + b"\r\n")


def post_request(extra=b"", body=None, cl=True, path=b"/api/v1/containers"):
    """A POST priv answers 401 (no credentials), or what refuses it."""
    if body is None:
        body = json.dumps({"ctid": 4242}).encode()
    head = (b"POST " + path + b" HTTP/1.1\r\nHost: " + HOST.encode() +
            b"\r\nOrigin: " + ORIGIN.encode() + b"\r\nContent-Type: application/json\r\n")
    if cl:
        head += b"Content-Length: %d\r\n" % len(body)
    return head + extra + b"\r\n" + body


def check_refused(name, bad, good, want, good_want):
    st, closed, body = exchange(bad)
    ok(st == want and closed, "%s: answered %d and the connection closed (got %d, %s)" %
       (name, want, st, "closed" if closed else "open"))
    if st != want:
        diag(body[:300].decode("latin-1"))
    st, closed, body = exchange(good, close_check=False)
    ok(st == good_want, "%s control: accepted with %d (got %d)" % (name, good_want, st))


def limits_head():
    pad = lambda n: b"X-Pad: " + b"a" * n + b"\r\n"
    base = len(get("/", pad(0)))
    check_refused("head over 8 KiB", get("/", pad(8300 - base)), get("/", pad(8192 - base)),
                  431, 200)
    check_refused("request line over 2 KiB", get("/?" + "a" * 2100),
                  get("/?" + "a" * (2048 - len("GET /? HTTP/1.1") - 1)), 414, 200)
    fields = lambda n: b"".join(b"X-F%d: v\r\n" % i for i in range(n))
    check_refused("65 header fields", get("/", fields(64)), get("/", fields(63)), 431, 200)


def limits_framing():
    good = post_request()
    body = json.dumps({"ctid": 4242}).encode()
    chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    cases = [
        ("Content-Length with Transfer-Encoding",
         post_request(b"Transfer-Encoding: chunked\r\n", chunked), 400),
        ("two Content-Length fields",
         post_request(b"Content-Length: %d\r\n" % len(body), body), 400),
        ("an obsolete folded line", post_request(b"X-A: b\r\n c\r\n"), 400),
        ("a bare CR", post_request(b"X-A: b\rc\r\n"), 400),
        ("a bare LF", post_request(b"X-A: b\nX-C: d\r\n"), 400),
        ("a NUL byte", post_request(b"X-A: b\0c\r\n"), 400),
        ("a transfer coding other than chunked",
         post_request(b"Transfer-Encoding: gzip\r\n", body, cl=False), 501),
        ("an absolute-form target",
         post_request().replace(b"POST /api", b"POST https://" + HOST.encode() + b"/api", 1),
         400),
    ]
    for name, bad, want in cases:
        check_refused(name, bad, good, want, 401)
    check_refused("a chunked body (control: the same body chunked is taken)",
                  post_request(b"Transfer-Encoding: chunked\r\n", b"zz\r\n", cl=False),
                  post_request(b"Transfer-Encoding: chunked\r\n", chunked, cl=False), 400, 401)


def limits_body():
    big = b'{"ctid":4242}' + b" " * (65537 - 13)
    fits = b'{"ctid":4242}' + b" " * (65536 - 13)
    check_refused("JSON body over 64 KiB", post_request(body=big), post_request(body=fits),
                  413, 401)


def body_whole(cookie, csrf):
    """A JSON body of exactly 64 KiB whose only member comes last reaches
    priv's parser whole: the value is refused naming its field."""
    tail = b'"ctid":"x"}'
    body = b"{" + b" " * (65536 - 1 - len(tail)) + tail
    s = connect()
    s.sendall(post_request(body=body, extra=b"Cookie: " + cookie.encode() +
                           b"\r\nX-CSRF-Token: " + csrf.encode() + b"\r\n"))
    st, _, rbody = read_response(s)
    s.close()
    try:
        field = json.loads(rbody)["error"]["field"]
    except (ValueError, KeyError, TypeError):
        field = None
    ok(len(body) == 65536 and st == 400 and field == "ctid",
       "a 64 KiB JSON body is parsed whole by priv: 400 naming ctid, its last member (got %d %r)" %
       (st, rbody[:200]))


def cut_with_408(s, what, longest, wait):
    """Ok when the server answers s with 408 between 9 and longest seconds
    from now and closes the connection."""
    t0 = time.monotonic()
    st, _, body = read_response(s, timeout=wait)
    took = time.monotonic() - t0
    closed = closed_after(s)
    s.close()
    ok(st == 408 and closed and 9 <= took <= longest,
       "%s: 408 after %.1f s, connection %s (got %d %r)" %
       (what, took, "closed" if closed else "open", st, body[:120]))


def limits_head_time():
    half = b"GET / HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\n"
    s = connect()
    s.sendall(half)
    time.sleep(4)
    s.sendall(b"\r\n")
    st, _, _ = read_response(s)
    s.close()
    ok(st == 200, "head time control: a head completed after 4 s is answered 200 (got %d)" % st)
    s = connect()
    s.sendall(half)
    cut_with_408(s, "a head not complete within 10 s", 14, 30)


def limits_per_source():
    conns = []
    try:
        for _ in range(16):
            conns.append(connect())
        ok(len(conns) == 16, "16 connections from one source are taken")
        refused = False
        try:
            s = connect(timeout=10)
            s.sendall(get())
            st, _, _ = read_response(s, timeout=10)
            refused = st == 0
            s.close()
        except (ssl.SSLError, OSError):
            refused = True
        ok(refused, "a 17th connection from the same source is refused")
        conns.pop().close()
        time.sleep(1)
        s = connect()
        s.sendall(get())
        st, _, _ = read_response(s)
        s.close()
        ok(st == 200, "control: with one closed, a new connection is served (got %d)" % st)
    finally:
        for s in conns:
            s.close()


def login():
    body = json.dumps({"user": "admin", "password": PASSWORD}).encode()
    s = connect()
    s.sendall(post_request(body=body, path=b"/api/v1/session"))
    st, hdrs, rbody = read_response(s)
    s.close()
    cookie = hdrs.get("set-cookie", "").split(";")[0]
    ok(st == 200 and cookie.startswith("__Host-vzsession="),
       "login through priv: 200 and the session cookie (got %d)" % st)
    return cookie, json.loads(rbody or b"{}").get("csrf", "")


def ws_frame(opcode, payload, masked=True):
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([(0x80 if masked else 0) | n])
    else:
        head += bytes([(0x80 if masked else 0) | 126]) + struct.pack(">H", n)
    if not masked:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


WS_BUF = {}


def ws_read_frame(s, timeout=20):
    """(opcode, payload), or (None, b"") at EOF."""
    s.settimeout(timeout)
    buf = WS_BUF.get(s, b"")

    def need(n):
        nonlocal buf
        while len(buf) < n:
            d = s.recv(65536)
            if not d:
                raise EOFError
            buf += d
    try:
        need(2)
        op, n = buf[0] & 0x0f, buf[1] & 0x7f
        off = 2
        if n == 126:
            need(4)
            n = struct.unpack(">H", buf[2:4])[0]
            off = 4
        elif n == 127:
            need(10)
            n = struct.unpack(">Q", buf[2:10])[0]
            off = 10
        need(off + n)
        WS_BUF[s] = buf[off + n:]
        return op, buf[off:off + n]
    except (EOFError, socket.timeout, ssl.SSLError, OSError):
        return None, b""


def ws_open(cookie):
    s = connect()
    s.sendall(b"GET /api/v1/containers/" + CT.encode() + b"/console HTTP/1.1\r\nHost: " +
              HOST.encode() + b"\r\nOrigin: " + ORIGIN.encode() + b"\r\nCookie: " +
              cookie.encode() + b"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
              b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
              b"Sec-WebSocket-Version: 13\r\n\r\n")
    st, hdrs, rest = read_response(s)
    WS_BUF[s] = rest
    return s, st, hdrs


def websocket(cookie):
    s, st, hdrs = ws_open(cookie)
    ok(st == 101 and hdrs.get("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
       "console WebSocket: 101 with the RFC 6455 accept key (got %d)" % st)
    op, payload = ws_read_frame(s)
    ok(op == 1 and b'"attached"' in payload, "the bridge says attached: %r" % payload)
    s.sendall(ws_frame(0x9, b"vz-ping"))
    seen = None
    for _ in range(50):
        op, payload = ws_read_frame(s)
        if op in (None, 0xa):
            seen = (op, payload)
            break
    ok(seen == (0xa, b"vz-ping"), "control: a masked ping is answered with its pong")
    s.sendall(ws_frame(0x1, b'{"type":"resize","rows":30,"cols":100}'))
    s.sendall(ws_frame(0x2, b"vzmark42\r"))
    out = b""
    t0 = time.monotonic()
    while b"vzmark42" not in out and time.monotonic() - t0 < 30:
        op, payload = ws_read_frame(s, timeout=5)
        if op is None:
            break
        if op == 2:
            out += payload
            s.sendall(ws_frame(0x1, b'{"type":"ack","bytes":%d}' % len(payload)))
    ok(b"vzmark42" in out, "keys through the bridge reach the console and its echo comes back")
    if b"vzmark42" not in out:
        diag(out[-400:].decode("utf-8", "replace"))
    s.sendall(ws_frame(0x2, b"x", masked=False))
    code = None
    for _ in range(200):
        op, payload = ws_read_frame(s, timeout=10)
        if op is None:
            break
        if op == 8:
            code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 0
            break
    closed = closed_after(s)
    s.close()
    ok(code == 1002 and closed,
       "an unmasked frame: close 1002 and the connection closed (got %s)" % code)


def ws_keepalive_start(cookie):
    """Two console WebSockets watched for 75 s in threads: one never sends
    a byte (not even the pongs the server's pings ask for), one answers
    each ping. Returns the function that waits for them and reports."""
    res = {}

    def watch(name, answer):
        s, st, _ = ws_open(cookie)
        t0 = time.monotonic()
        first_ping = closed = None
        while True:
            left = 75 - (time.monotonic() - t0)
            if left <= 0:
                break
            op, payload = ws_read_frame(s, timeout=left)
            now = time.monotonic() - t0
            if op is None or op == 0x8:
                closed = now if now < 74 else None
                break
            if op == 0x9:
                first_ping = now if first_ping is None else first_ping
                if answer:
                    s.sendall(ws_frame(0xa, payload))
            elif op == 0x2 and answer:
                s.sendall(ws_frame(0x1, b'{"type":"ack","bytes":%d}' % len(payload)))
        res[name] = (st, first_ping, closed)
        s.close()

    threads = [threading.Thread(target=watch, args=(n, a))
               for n, a in (("silent", False), ("answering", True))]
    for t in threads:
        t.start()

    def report():
        for t in threads:
            t.join()
        st, ping, closed = res["silent"]
        ok(st == 101 and ping is not None and 18 <= ping <= 26,
           "console WebSocket: the server pings after 20 s (first ping at %s s)" % ping)
        ok(closed is not None and 59 <= closed <= 68,
           "a console WebSocket silent for 60 s is closed (after %s s)" % closed)
        st, ping, closed = res["answering"]
        ok(st == 101 and ping is not None and closed is None,
           "control: one answering the pings is still open after 75 s (closed: %s)" % closed)
    return report


def upload_put(cookie, csrf, name, first):
    s = connect()
    s.sendall(b"PUT /api/v1/templates/" + name + b" HTTP/1.1\r\nHost: " + HOST.encode() +
              b"\r\nOrigin: " + ORIGIN.encode() + b"\r\nCookie: " + cookie.encode() +
              b"\r\nX-CSRF-Token: " + csrf.encode() +
              b"\r\nContent-Length: 1048576\r\n\r\n" + b"\0" * first)
    return s


def upload_rate(cookie, csrf):
    """An upload must bring 16 KiB every 10 s: one that stops after 1 KiB
    is cut with 408; the control, 20 KiB every 4 s, is still going after
    24 s (no answer, not closed)."""
    control = {}

    def steady():
        s = upload_put(cookie, csrf, b"vzsteady", 20480)
        t0 = time.monotonic()
        alive = True
        while alive and time.monotonic() - t0 < 24:
            time.sleep(4)
            try:
                s.sendall(b"\0" * 20480)
            except OSError:
                alive = False
        s.settimeout(0.5)
        try:
            s.recv(1)
            alive = False  # an answer or the end: it was cut
        except (socket.timeout, TimeoutError):
            pass  # nothing to read: still being taken
        except (ssl.SSLError, OSError):
            alive = False
        control["alive"] = alive
        s.close()

    t = threading.Thread(target=steady)
    t.start()
    s = upload_put(cookie, csrf, b"vzstalled", 1024)
    cut_with_408(s, "an upload slower than 16 KiB in 10 s", 22, 40)
    t.join()
    ok(control.get("alive"), "control: an upload of 20 KiB every 4 s is still taken after 24 s")


def session_call(method, path, body=b"", extra=b""):
    s = connect()
    s.sendall(method + b" " + path + b" HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\nOrigin: " +
              ORIGIN.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" %
              len(body) + extra + b"\r\n" + body)
    st, hdrs, rbody = read_response(s)
    s.close()
    return st, hdrs, rbody


def sessions_pool(open_before):
    """The session pool holds 64: logins past it are answered 503 with
    Retry-After; one logout makes room again (the control). Every session
    made here is ended again."""
    body = json.dumps({"user": "admin", "password": PASSWORD}).encode()
    made, refusal = [], None
    for _ in range(200):
        st, hdrs, rbody = session_call(b"POST", b"/api/v1/session", body)
        if st == 429:  # the hash checks' rate, not the pool
            time.sleep(int(hdrs.get("retry-after", "1")))
            continue
        if st != 200:
            refusal = (st, hdrs.get("retry-after"), rbody[:160])
            break
        made.append((hdrs.get("set-cookie", "").split(";")[0], json.loads(rbody)["csrf"]))
    ok(refusal is not None and refusal[0] == 503 and (refusal[1] or "").isdigit() and
       len(made) + open_before == 64,
       "the 65th session is refused 503 with Retry-After (%d made beside %d, then %r)" %
       (len(made), open_before, refusal))

    def logout(cookie, csrf):
        return session_call(b"DELETE", b"/api/v1/session",
                            extra=b"Cookie: " + cookie.encode() + b"\r\nX-CSRF-Token: " +
                            csrf.encode() + b"\r\n")[0]
    if made:
        st = logout(*made.pop())
        for _ in range(20):
            st2, hdrs, rbody = session_call(b"POST", b"/api/v1/session", body)
            if st2 != 429:
                break
            time.sleep(int(hdrs.get("retry-after", "1")))
        ok(st in (200, 204) and st2 == 200,
           "control: after one logout (%d) a login is taken again (%d)" % (st, st2))
        if st2 == 200:
            made.append((hdrs.get("set-cookie", "").split(";")[0], json.loads(rbody)["csrf"]))
    left = [logout(c, t) for c, t in made]
    ok(all(st in (200, 204) for st in left), "the %d sessions made are ended again" % len(left))


def events(cookie):
    s = connect()
    s.sendall(b"GET /api/v1/events HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\nCookie: " +
              cookie.encode() + b"\r\n\r\n")
    st, hdrs, body = read_response(s)
    ok(st == 200 and hdrs.get("content-type") == "text/event-stream",
       "events: 200 text/event-stream (got %d %s)" % (st, hdrs.get("content-type")))
    s.settimeout(25)
    t0 = time.monotonic()
    while b"\nevent: " not in b"\n" + body and time.monotonic() - t0 < 25:
        try:
            d = s.recv(65536)
        except (socket.timeout, ssl.SSLError, OSError):
            break
        if not d:
            break
        body += d
    s.close()
    ok(b"event: " in body and b"data: " in body, "an event arrives on the stream")
    diag(body[:300].decode("utf-8", "replace"))


def main():
    st, closed, body = exchange(get("/"), close_check=False)
    ok(st == 200 and b"<html" in body.lower(), "GET / serves the UI's index.html (got %d)" % st)
    limits_head()
    limits_framing()
    limits_body()
    limits_per_source()
    cookie, csrf = login()
    body_whole(cookie, csrf)
    keepalive = ws_keepalive_start(cookie)
    upload_rate(cookie, csrf)
    events(cookie)
    websocket(cookie)
    limits_head_time()
    keepalive()
    sessions_pool(1)


main()

"""Security probes against a started `python -m bot serve` on loopback; prints the table in BENCHMARKS.md.

    .venv/bin/python bench/security_probes.py [--json]

The server runs as deployed (its own process, SQLite, embedded Chroma, the knowledge folder
indexed), pointed at the fake Slack Web API. Loopback servers stand in for foreign file hosts and
for slow web pages. Each probe prints what was sent, what came back, and how long it took; the
serve log is scanned for tracebacks. Raw results go to bench/results/security_probes.json.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_slack import SECRET, Stack, index  # noqa: E402
from tests.fakes import FakeSlackAPI, action_body, command_body, event_body, post, sign  # noqa: E402
from tests.fakes.pages import PageServer  # noqa: E402

MB = 1024 * 1024
STAFF = "USTAFF"
QUESTION = "How long can a visiting researcher stay?"
NOTE = b"# Cryo-EM access\n\nVisiting teams get 40 free microscope hours per year at the Lund cryo-EM facility.\n"


def huge_post(url: str, size: int, chunked: bool = False) -> tuple[str, float]:
    """Send headers for `size` bytes, then keep sending until the server answers; (status, seconds)."""
    host, port = url.split("/")[2].split(":")
    started = time.perf_counter()
    sock = socket.create_connection((host, int(port)), timeout=30)
    framing = b"Transfer-Encoding: chunked\r\n" if chunked else b"Content-Length: %d\r\n" % size
    sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing + b"\r\n")
    stop = threading.Event()

    def pour() -> None:
        piece = b"[" * MB
        sent = 0
        try:
            while sent < size and not stop.is_set():
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
        except OSError:
            pass  # the server closed the connection: what it should do

    sender = threading.Thread(target=pour, daemon=True)
    sender.start()
    try:
        line = sock.makefile("rb").readline()
        status = line.split()[1].decode() if line else "closed"
    except OSError:
        status = "closed"
    elapsed = time.perf_counter() - started
    stop.set()
    sock.close()
    sender.join(10)
    return status, elapsed


def health_ms(stack: Stack) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(stack.url.replace("/slack/events", "/healthz"), timeout=60):
        pass
    return (time.perf_counter() - started) * 1000


def signed_raw(url: str, body: str, content_type: str) -> int:
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": content_type, **sign(SECRET, body)})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def unsigned_raw(url: str, body: str, content_type: str) -> int:
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def with_payload(body: str, **changes: object) -> str:
    from urllib.parse import parse_qs

    payload = json.loads(parse_qs(body)["payload"][0])
    payload.update(changes)
    return "payload=" + quote(json.dumps(payload))


def probe_bodies(stack: Stack, rows: list) -> None:
    before = stack.memory_mb()
    results: list = [None] * 4
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, huge_post(stack.url, 300 * MB)))
               for i in range(4)]
    for t in threads:
        t.start()
    health = health_ms(stack)
    for t in threads:
        t.join()
    after = stack.memory_mb()
    statuses = sorted({r[0] for r in results})
    rows.append(("2", "4 unsigned 300 MB POSTs at once (declared Content-Length)",
                 f"{'/'.join(statuses)} in {max(r[1] for r in results) * 1000:.0f} ms (slowest); RSS "
                 f"{before['rss_mb']:.0f} → {after['rss_mb']:.0f} MB; /healthz during them {health:.0f} ms"))
    status, seconds = huge_post(stack.url, 300 * MB, chunked=True)
    rows.append(("2", "unsigned 300 MB chunked POST (no length)", f"{status} after {seconds * 1000:.0f} ms; "
                 f"RSS {stack.memory_mb()['rss_mb']:.0f} MB"))
    nested = "[" * 2000
    rows.append(("2", "unsigned `[` × 2000", f"{unsigned_raw(stack.url, nested, 'application/json')}"))
    rows.append(("2", "signed `[` × 2000", f"{signed_raw(stack.url, nested, 'application/json')}"))
    action = action_body("ask_human", "x", "U1")
    rows.append(("2", "signed block_actions with `actions: \"x\"`",
                 f"{signed_raw(stack.url, with_payload(action, actions='x'), 'application/x-www-form-urlencoded')}"))
    rows.append(("2", "signed block_actions with `view: \"x\"`",
                 f"{signed_raw(stack.url, with_payload(action, view='x'), 'application/x-www-form-urlencoded')}"))
    rows.append(("2", "signed payload that is a list",
                 f"{signed_raw(stack.url, 'payload=' + quote('[1]'), 'application/x-www-form-urlencoded')}"))


def share(stack: Stack, slack: FakeSlackAPI, file_id: str, **file_fields: object) -> str:
    slack.add_file(file_id, "notes.md", NOTE, mimetype="text/markdown", **file_fields)
    ts = f"{1_700_000_000 + len(slack.calls())}.000100"
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": STAFF, "text": "", "ts": ts,
             "subtype": "file_share", "files": [{"id": file_id}]}
    post(stack.url, event_body(event), SECRET)
    call = slack.wait_for("chat.postMessage", timeout=60, predicate=lambda c: c.args.get("thread_ts") == ts)[0]
    return call.args.get("text", "")


def probe_token(stack: Stack, slack: FakeSlackAPI, rows: list) -> None:
    with PageServer() as foreign:
        url = foreign.url("/files-pri/F1/notes.md")
        reply = share(stack, slack, "FFOREIGN", url_private=url, url_private_download=url)
        rows.append(("1", "shared file whose `url_private` names another origin (loopback, other port)",
                     f"{len(foreign.requests)} requests reached it; reply: “{reply[:90]}…”"))
        reply = share(stack, slack, "FEXTERNAL", mode="external", is_external=True, url_private=url,
                      url_private_download=url)
        rows.append(("1", "shared file with `mode: external`",
                     f"{len(foreign.requests)} requests reached it; reply: “{reply[:90]}…”"))


def kb(stack: Stack, slack: FakeSlackAPI, text: str) -> None:
    post(stack.url, command_body("/kb", text, STAFF, channel_id="D1", response_url=f"{slack.url}respond/kb"), SECRET)


def probe_slow_pages(stack: Stack, slack: FakeSlackAPI, pages: PageServer, deadline: float, rows: list) -> None:
    sent = time.monotonic()
    for i in range(3):
        kb(stack, slack, f"add {pages.trickle(f'/slow-{i}', b'<html><title>Slow</title><p>slow page</p></html>')}")
    pages.wait_for_requests(2, timeout=60)
    started = time.perf_counter()
    ts = "1700009999.000100"
    post(stack.url, event_body({"type": "message", "channel": "D2", "channel_type": "im", "user": "U9",
                                "text": QUESTION, "ts": ts}), SECRET)
    slack.wait_for("chat.postMessage", timeout=120, predicate=lambda c: c.args.get("thread_ts") == ts)
    answered = time.perf_counter() - started
    trickling = sum(1 for c in slack.calls("respond/kb")) == 0
    rows.append(("3", "3 `/kb add` of pages trickling a byte every 0.5 s, then a question",
                 f"answered in {answered * 1000:.0f} ms while {'all 3 still trickled' if trickling else 'pages had ended'}"))
    replies = slack.wait_for("respond/kb", count=3, timeout=deadline * 4 + 60)
    ended = max(c.at for c in replies) - sent
    refused = sum("did not arrive within" in c.args.get("text", "") for c in replies)
    rows.append(("3", f"the same pages, KB_FETCH_DEADLINE_SECONDS={deadline:g}",
                 f"{refused} of 3 refused (“{replies[0].args.get('text', '')[:60]}…”), the last {ended:.1f} s "
                 "after the commands (two fetch at once, the third waits its turn)"))


def probe_addresses(stack: Stack, slack: FakeSlackAPI, rows: list) -> None:
    for url in ("http://100.100.100.200/latest/meta-data/", "http://[2002:7f00:1::]/", "http://[64:ff9b::7f00:1]/",
                "http://[::ffff:127.0.0.1]/", "http://198.18.0.1/"):
        before = len(slack.calls("respond/kb"))
        kb(stack, slack, f"add {url}")
        reply = slack.wait_for("respond/kb", count=before + 1, timeout=60)[-1].args.get("text", "")
        rows.append(("4", f"`/kb add {url}`", "refused: " + ("private or local address" if "private or local" in reply
                                                             else reply[:80])))
    rows.append(("4", "DNS rebinding (public when checked, 127.0.0.1 on connect), also on a redirect hop",
                 "no request reaches loopback: `tests/kb/test_fetching.py::test_dns_rebinding_cannot_reach_loopback`"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp, FakeSlackAPI(open_workspace=True) as slack, \
            PageServer(trickle_interval=0.5, trickle_limit=600) as pages:
        workdir = Path(tmp)
        index(workdir)
        deadline = 5.0
        stack = Stack(workdir, slack, STAFF_SLACK_IDS=STAFF, KB_URL_ALLOWLIST=pages.host,
                      KB_FETCH_DEADLINE_SECONDS=str(deadline), LOG_LEVEL="INFO")
        try:
            probe_bodies(stack, rows)
            probe_token(stack, slack, rows)
            probe_slow_pages(stack, slack, pages, deadline, rows)
            probe_addresses(stack, slack, rows)
            log = stack.log()
        finally:
            stack.close()
    tracebacks = log.count("Traceback")
    rows.append(("2", "tracebacks in the serve log after all probes", str(tracebacks)))
    out = ROOT / "bench" / "results" / "security_probes.json"
    out.write_text(json.dumps([{"item": i, "probe": p, "result": r} for i, p, r in rows], indent=1) + "\n")
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print("| issue item | probe | result |\n| --- | --- | --- |")
    for item, probe, result in rows:
        print(f"| {item} | {probe} | {result} |")


if __name__ == "__main__":
    main()

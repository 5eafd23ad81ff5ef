"""Slack load: signed events in bursts against one or two `python -m bot serve` processes, each event retried.

Every event is delivered twice: once, and again as Slack's retry after a lost acknowledgement
(same body and event id, X-Slack-Retry-Num: 1, reason http_timeout), to the other process when
there are two. Checks that every delivery is acknowledged with 200 within Slack's 3 s, that every
question gets exactly one answer in its thread, and that the servers log no error. Also measures
the cold start of `serve` and its memory after the load.

    .venv/bin/python bench/load_slack.py [--processes 1|2] [--events 200] [--burst 50] [--json]

One process runs as shipped (SQLite, embedded Chroma). Two processes share a fresh schema of the
local PostgreSQL (--database-url) and a Chroma server the script starts, as a deployment grows past
one process. Bursts follow each other as soon as the previous one is acknowledged, so later
acknowledgements compete with the answering of earlier questions. Raw results, with every
acknowledgement's latency, go to bench/results/load_slack-<n>proc.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_slack import SECRET, Stack, index, summary  # noqa: E402
from tests.fakes import FakeSlackAPI, event_body, post  # noqa: E402

ACK_LIMIT = 3.0  # seconds: Slack retries (and shows an error) when an acknowledgement takes longer
RETRY_HEADERS = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
SKIPPED = "already handled by"  # lazy.py's log line for a repeat delivery, one per event when all went well
APOLOGY = "Sorry, something went wrong"
ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|Traceback")


@dataclass
class LoadEvent:
    index: int
    channel: str
    ts: str
    body: str


def questions() -> list[str]:
    """The stand-alone questions of the answering evaluation (partner requests go to matching instead)."""
    from bot.matching.intent import looks_like_match_request

    rows = [json.loads(line) for line in (ROOT / "eval" / "qa_knowledge.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if not r["history"] and not looks_like_match_request(r["question"])]


def make_events(count: int, base_ts: int = 1_700_500_000) -> list[LoadEvent]:
    """Distinct events from distinct people: pairs of @mentions in a channel alternate with pairs of DMs."""
    asked, tag = questions(), uuid.uuid4().hex[:6].upper()
    events = []
    for i in range(count):
        ts, user, question = f"{base_ts + i}.000300", f"UL{i:05d}", asked[i % len(asked)]
        if (i // 2) % 2:  # kinds alternate in pairs, so with two processes each gets both kinds
            event = {"type": "message", "channel": f"DL{i:05d}", "channel_type": "im", "user": user, "ts": ts,
                     "text": question}
        else:
            event = {"type": "app_mention", "channel": "CLOAD", "user": user, "ts": ts, "text": f"<@UBOT> {question}"}
        events.append(LoadEvent(i, event["channel"], ts, event_body(event, event_id=f"EvL{tag}{i:05d}")))
    return events


def deliver(url: str, body: str, retry: bool) -> tuple[int, float]:
    """(HTTP status, seconds to the acknowledgement); status 0 when no answer came."""
    started = time.perf_counter()
    try:
        status, _ = post(url, body, SECRET, headers_extra=RETRY_HEADERS if retry else None, timeout=30)
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def send(urls: list[str], events: list[LoadEvent], burst: int) -> tuple[list[dict], float]:
    """Deliver each event to process i mod n, then retry it on the next one; `burst` events in flight at once.

    Returns one record per delivery and the monotonic time of the first send.
    """
    t0 = time.monotonic()

    def both(event: LoadEvent) -> list[dict]:
        records = []
        for offset, retry in ((0, False), (1, True)):
            process = (event.index + offset) % len(urls)
            sent = time.monotonic()
            status, seconds = deliver(urls[process], event.body, retry)
            records.append({"event": event.index, "delivery": "retry" if retry else "first", "process": process,
                            "status": status, "sent_s": round(sent - t0, 4), "ack_ms": round(seconds * 1000, 2)})
        return records

    records: list[dict] = []
    with ThreadPoolExecutor(burst) as pool:
        for start in range(0, len(events), burst):  # the next burst starts once this one is acknowledged
            for pair in pool.map(both, events[start:start + burst]):
                records += pair
    return records, t0


def answers_by_thread(slack: FakeSlackAPI) -> dict[tuple[str, str], list]:
    """The answer messages per (channel, thread); a long answer's "(continued)" parts are not counted."""
    threads: dict[tuple[str, str], list] = {}
    for call in slack.calls("chat.postMessage"):
        if call.args.get("thread_ts") and call.args.get("text") != "(continued)":
            threads.setdefault((call.args.get("channel"), call.args["thread_ts"]), []).append(call)
    return threads


def skipped(servers: list[Stack]) -> int:
    return sum(server.log().count(SKIPPED) for server in servers)


def settle(servers: list[Stack], slack: FakeSlackAPI, events: list[LoadEvent], timeout: float) -> bool:
    """Wait until every question is answered and every repeat delivery has been skipped (nothing left queued)."""
    expected = {(e.channel, e.ts) for e in events}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if expected <= answers_by_thread(slack).keys() and skipped(servers) >= len(events):
            time.sleep(0.5)  # a late duplicate would show up now
            return True
        time.sleep(0.2)
    return False


def check(records: list[dict], slack: FakeSlackAPI, events: list[LoadEvent], logs: list[str], settled: bool) -> list[str]:
    """What went wrong, in words; empty when the load passed."""
    failures = []
    refused = [r for r in records if r["status"] != 200]
    if refused:
        failures.append(f"{len(refused)} of {len(records)} deliveries not acknowledged with 200: {refused[:3]}")
    threads, expected = answers_by_thread(slack), {(e.channel, e.ts) for e in events}
    missing = sorted(expected - threads.keys())
    twice = {k: len(v) for k, v in threads.items() if len(v) > 1}
    apologies = sorted(k for k, v in threads.items() if any(APOLOGY in (c.args.get("text") or "") for c in v))
    extra = sorted(threads.keys() - expected)
    for label, found in (("questions unanswered", missing), ("questions answered more than once", sorted(twice.items())),
                         ("questions answered with an apology", apologies), ("answers in unexpected threads", extra)):
        if found:
            failures.append(f"{len(found)} {label}, e.g. {found[:5]}")
    if not settled:
        failures.append(f"not settled: {len(expected & threads.keys())} of {len(events)} answered")
    errors = [line for log in logs for line in log.splitlines() if ERROR_LINE.search(line)]
    if errors:
        failures.append(f"{len(errors)} error lines in the servers' logs, first: {errors[0]}")
    return failures


def late_acks(records: list[dict]) -> list[dict]:
    """Deliveries acknowledged after Slack's 3 s: a timing figure of this machine, reported, not a test."""
    return [r for r in records if r["status"] == 200 and r["ack_ms"] >= ACK_LIMIT * 1000]


def register(slack: FakeSlackAPI, events: int, processes: int) -> None:
    """The workspace the load talks in: its people, their DMs and the load channel."""
    slack.register("CLOAD", *(f"{p}{k}" for k in range(processes) for p in ("UW", "DW")),
                   *(f"{p}{i:05d}" for i in range(events) for p in ("UL", "DL")))


def load(workdir: Path, slack: FakeSlackAPI, *, processes: int = 1, events: int = 200, burst: int = 50,
         env: dict[str, str] | None = None, settle_timeout: float = 600) -> dict:
    """Index knowledge/, start the servers (measuring their cold start), run the load, check it; the results.

    `env` points the servers at shared storage (DATABASE_URL, CHROMA_HOST, ...); without it each
    process keeps SQLite and embedded Chroma in its own data directory, which only works for one.
    """
    assert processes == 1 or env, "several processes need a shared database and Chroma server"
    env = dict(env or {})
    results: dict = {"processes": processes, "events": events, "burst": burst,
                     "storage": "PostgreSQL + Chroma server" if env.get("DATABASE_URL") else "SQLite + embedded Chroma",
                     "load_average_start": os.getloadavg()}
    results["index_seconds"] = round(index(workdir, **env), 2)
    servers: list[Stack] = []
    register(slack, events, processes)
    try:
        for k in range(processes):
            # Each process its own token, so the fake Slack API can tell who answered.
            server = Stack(workdir, slack, LOG_LEVEL="INFO", SLACK_BOT_TOKEN=f"xoxb-load-{k}",
                           BOT_DATA_DIR=str(workdir / f"var{k}" if processes > 1 else workdir / "var"), **env)
            servers.append(server)
            ts = f"{1_700_400_000 + k}.000300"
            body = event_body({"type": "message", "channel": f"DW{k}", "channel_type": "im", "user": f"UW{k}",
                               "ts": ts, "text": "How long can a visiting researcher stay?"})
            assert post(server.url, body, SECRET)[0] == 200
            answer = slack.wait_for("chat.postMessage", timeout=120, predicate=lambda c, ts=ts: c.args.get("thread_ts") == ts)[0]
            results.setdefault("cold_start", []).append(
                {"healthz_s": round(server.ready_seconds, 2), "first_answer_s": round(answer.at - server.started, 2)})
        slack.reset()
        register(slack, events, processes)
        gc.collect()
        gc.freeze()  # this process is the client: no collector pauses in the measurements
        batch = make_events(events)
        records, t0 = send([s.url for s in servers], batch, burst)
        results["send_seconds"] = round(time.monotonic() - t0, 2)
        settled = settle(servers, slack, batch, settle_timeout)
        results["memory_after_load"] = [s.memory_mb() for s in servers]
    finally:
        for server in servers:
            server.close()
        gc.unfreeze()
    logs = [s.log() for s in servers]
    threads = answers_by_thread(slack)
    first_sent = {r["event"]: t0 + r["sent_s"] for r in records if r["delivery"] == "first"}
    firsts = [(e, threads[(e.channel, e.ts)][0]) for e in batch if (e.channel, e.ts) in threads]
    answers = [{"event": e.index, "process": int(c.headers.get("authorization", "-0").rsplit("-", 1)[1]),
                "answer_s": round(c.at - first_sent[e.index], 3)} for e, c in firsts]
    last = max((c.at for _, c in firsts), default=t0)
    results.update(
        failures=check(records, slack, batch, logs, settled),
        late_acks=len(late_acks(records)),
        ack=summary([r["ack_ms"] / 1000 for r in records]),
        ack_first=summary([r["ack_ms"] / 1000 for r in records if r["delivery"] == "first"]),
        ack_retry=summary([r["ack_ms"] / 1000 for r in records if r["delivery"] == "retry"]),
        answer_latency=summary([a["answer_s"] for a in answers]) if answers else {},
        answers_per_process=[sum(a["process"] == k for a in answers) for k in range(processes)],
        total_seconds=round(last - t0, 2),
        answers_per_second=round(len(answers) / (last - t0), 2) if answers else 0.0,
        load_average_end=os.getloadavg(),
        log_lines={"skipped_repeats": sum(log.count(SKIPPED) for log in logs),
                   "warnings": sum(" WARNING " in line for log in logs for line in log.splitlines())},
        deliveries=records, answers=answers)
    return results


@contextmanager
def postgres_schema(url: str):
    """A fresh schema in the given PostgreSQL database, dropped afterwards; yields a URL that uses it."""
    import sqlalchemy

    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
    name = f"load_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--burst", type=int, default=50, help="events in flight at once (default 50)")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test",
                        help="PostgreSQL database for two processes (a fresh schema is made in it)")
    parser.add_argument("--out", type=Path, help="raw results (default bench/results/load_slack-<n>proc.json)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON document")
    args = parser.parse_args()
    from bench.common import ChromaServer, machine, save_results

    about = machine()
    with tempfile.TemporaryDirectory() as tmp, FakeSlackAPI() as slack:
        workdir = Path(tmp)
        if args.processes == 1:
            results = load(workdir, slack, events=args.events, burst=args.burst)
        else:
            with postgres_schema(args.database_url) as url, ChromaServer(workdir / "chroma-server") as chroma:
                env = {"DATABASE_URL": url, "CHROMA_HOST": chroma.host, "CHROMA_PORT": str(chroma.port)}
                results = load(workdir, slack, processes=2, events=args.events, burst=args.burst, env=env)
                results["chroma_server_memory"] = chroma.memory_mb()
    results = {"machine": about, **results}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    else:
        save_results(f"load_slack-{args.processes}proc", results)
    brief = {k: v for k, v in results.items() if k not in ("deliveries", "answers")}
    if args.json:
        print(json.dumps(brief))
    else:
        report(brief)
    sys.exit(1 if results["failures"] or results["late_acks"] else 0)


def report(r: dict) -> None:
    a = r["ack"]
    print(f"Slack load, {r['machine']['date_utc']}, {r['processes']} process(es) on {r['storage']}: "
          f"{r['events']} events in bursts of {r['burst']}, each retried on the {'other' if r['processes'] > 1 else 'same'} process")
    print(f"ack, all {a['n']} deliveries: p50 {a['p50_ms']} ms, p99 {a['p99_ms']} ms, max {a['max_ms']} ms "
          f"(first {r['ack_first']['p99_ms']} / retry {r['ack_retry']['p99_ms']} ms p99)")
    print(f"answers: {sum(r['answers_per_process'])} ({' + '.join(map(str, r['answers_per_process']))}) in "
          f"{r['total_seconds']} s = {r['answers_per_second']} per second; sent in {r['send_seconds']} s; "
          f"question to answer p50 {r['answer_latency'].get('p50_ms')} ms, p99 {r['answer_latency'].get('p99_ms')} ms")
    for k, (cold, mem) in enumerate(zip(r["cold_start"], r["memory_after_load"])):
        print(f"serve {k}: /healthz after {cold['healthz_s']} s, first answer after {cold['first_answer_s']} s; "
              f"RSS after the load {mem['rss_mb']} MB (peak {mem['peak_rss_mb']} MB)")
    if "chroma_server_memory" in r:
        print(f"Chroma server: RSS {r['chroma_server_memory']['server_rss_mb']} MB")
    start, end = r["load_average_start"], r["load_average_end"]
    print(f"load average (1/5/15 min): {start[0]:.1f}/{start[1]:.1f}/{start[2]:.1f} at the start, "
          f"{end[0]:.1f}/{end[1]:.1f}/{end[2]:.1f} at the end")
    print(f"acknowledged after {ACK_LIMIT:.0f} s: {r['late_acks']} of {a['n']}")
    print("checks: " + ("passed" if not r["failures"] else "FAILED\n  " + "\n  ".join(r["failures"])))


if __name__ == "__main__":
    main()

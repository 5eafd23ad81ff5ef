"""Slack app benchmark: acknowledgement latency under 20 concurrent requests, and time to the first answer.

`python -m bot serve` in its own process (the real Bolt app, waitress, the real slack_sdk client),
pointed at the fake Slack Web API on loopback, over a freshly indexed copy of knowledge/. Every
acknowledged event or command also starts a real answer in the background, so acknowledgements are
measured while the same two cores answer questions.

    .venv/bin/python bench/bench_slack.py [--requests 200] [--concurrency 20] [--samples 10]
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import re
import subprocess
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from tests.fakes import FakeOpenAIServer, FakeSlackAPI, command_body, event_body, post  # noqa: E402

TOKEN, SECRET = "xoxb-bench", "bench-signing-secret"
QUESTIONS = ["How long can a visiting researcher stay?", "What are the application deadlines?",
             "What does the agreement cover?", "How much is the monthly stipend?",
             "Who can apply for the student exchange?", "What funding is available for joint projects?"]
LLM_REPLY = ("A visiting researcher can stay between 3 and 12 months [1]. Shorter scouting visits of 2 to 8 weeks "
             "are possible when a new collaboration is being prepared [1]. An extension beyond 12 months is not "
             "covered by the programme [1].")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 1), "p99_ms": round(percentile(ms, 99), 1),
            "max_ms": round(max(ms), 1)}


class Stack:
    """`python -m bot serve` in its own process (as deployed), pointed at the fake Slack Web API.

    Its stderr goes to a file: a pipe nobody reads fills up under load and blocks the server.
    """

    def __init__(self, workdir: Path, slack: FakeSlackAPI, **env: str) -> None:
        self.slack = slack
        # LOG_LEVEL=INFO at least for the start line that names the port: `--port 0` lets the server bind a free
        # port itself, so no parallel test or bench can take it between a pick and the bind.
        environment = {**os.environ, "BOT_DATA_DIR": str(workdir / "var"), "KNOWLEDGE_DIR": str(ROOT / "knowledge"),
                       "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.url,
                       "PYTHONPATH": str(ROOT), "LOG_LEVEL": "INFO", **env}
        self.log_path = workdir / f"serve-{uuid.uuid4().hex[:8]}.log"
        self.started = time.monotonic()  # the fake's Call.at uses the same clock
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"],
                cwd=workdir, env=environment, stdout=subprocess.DEVNULL, stderr=log)
        deadline, port = time.monotonic() + 120, None
        while True:
            if port is None:
                found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/slack/events", self.log())
                port = int(found.group(1)) if found else None
            try:
                if port is not None:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("serve did not start: " + self.log()[-2000:]) from None
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port}/slack/events"
        self.ready_seconds = time.monotonic() - self.started  # cold start: process start to /healthz

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def memory_mb(self) -> dict:
        """Current and peak resident memory of the serve process (VmRSS, VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = dict(line.split(":", 1) for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM")))
        return {"rss_mb": round(int(values["VmRSS"].split()[0]) / 1024, 1),
                "peak_rss_mb": round(int(values["VmHWM"].split()[0]) / 1024, 1)}

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def drain(self, method: str, count: int, timeout: float = 600) -> float:
        started = time.perf_counter()
        self.slack.wait_for(method, count=count, timeout=timeout)
        return time.perf_counter() - started


def index(workdir: Path, **env: str) -> float:
    """Index knowledge/ in a separate process, so this one (the client) stays small and quick."""
    env = {**os.environ, "BOT_DATA_DIR": str(workdir / "var"), "KNOWLEDGE_DIR": str(ROOT / "knowledge"), **env}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "index_docs.py"), "--json"], cwd=workdir, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def dispatch_cost(workdir: Path, slack: FakeSlackAPI, count: int) -> dict:
    """The acknowledgement's own work (verify, parse, route, hand off), in-process, with answering stubbed."""
    from slack_bolt import BoltRequest

    from bot.config import Settings
    from bot.services import build_services
    from handlers.slack.app import create_app
    from tests.fakes import sign

    settings = Settings(_env_file=None, bot_data_dir=workdir / "dispatch", slack_bot_token=TOKEN,
                        slack_signing_secret=SECRET, slack_api_url=slack.url, user_rate_per_minute=0)
    services = build_services(settings)
    services.__dict__["assistant"] = None  # the lazy listener fails at once: only the ack path is measured
    logging.getLogger("handlers.slack").setLevel(logging.CRITICAL)
    app = create_app(settings, services)
    times: dict[str, list[float]] = {"event": [], "command": []}
    for i in range(count):
        for kind, body in (("event", mention(10_000 + i)), ("command", ask(slack, 10_000 + i))):
            request = BoltRequest(body=body, headers=sign(SECRET, body))
            started = time.perf_counter()
            assert app.dispatch(request).status == 200
            times[kind].append(time.perf_counter() - started)
    app.listener_runner.listener_executor.shutdown(wait=True)
    services.close()
    return {kind: summary(values) for kind, values in times.items()}


def timed_post(url: str, body: str) -> float:
    started = time.perf_counter()
    status, _ = post(url, body, SECRET)
    elapsed = time.perf_counter() - started
    assert status == 200, status
    return elapsed


def burst(url: str, bodies: list[str], concurrency: int) -> list[float]:
    """Post `bodies` keeping `concurrency` requests in flight; the latency of each."""
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(lambda body: timed_post(url, body), bodies))


def rounds(stack: Stack, bodies: list[str], concurrency: int, answered: Callable[[], int]) -> list[float]:
    """Post `concurrency` requests at once, wait until they are all answered, repeat."""
    latencies: list[float] = []
    for start in range(0, len(bodies), concurrency):
        batch = bodies[start:start + concurrency]
        latencies += burst(stack.url, batch, concurrency)
        deadline = time.monotonic() + 120
        while answered() < start + len(batch) and time.monotonic() < deadline:
            time.sleep(0.01)
    return latencies


def mention(i: int) -> str:
    ts = f"{1_700_100_000 + i}.000100"
    event = {"type": "app_mention", "channel": "C1", "user": f"U{i:05d}", "ts": ts,
             "text": f"<@UBOT> {QUESTIONS[i % len(QUESTIONS)]}"}
    return event_body(event, event_id=f"EvB{uuid.uuid4().hex[:12].upper()}")


def ask(slack: FakeSlackAPI, i: int) -> str:
    return command_body("/ask", QUESTIONS[i % len(QUESTIONS)], f"U{i:05d}", response_url=f"{slack.url}respond/b{i}")


def first_answer(stack: Stack, samples: int, method: str) -> list[float]:
    """Seconds from posting a DM to the first answer call (`method`) in its thread."""
    times = []
    for i in range(samples):
        ts = f"{1_700_300_000 + i}.000100"
        event = {"type": "message", "channel": "D1", "channel_type": "im", "user": f"UT{i:04d}", "ts": ts,
                 "text": QUESTIONS[i % len(QUESTIONS)]}
        started = time.perf_counter()
        assert post(stack.url, event_body(event), SECRET)[0] == 200
        stack.slack.wait_for(method, timeout=60, predicate=lambda c, ts=ts: c.args.get("thread_ts") == ts)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per burst (default 200)")
    parser.add_argument("--concurrency", type=int, default=20, help="requests in flight (default 20)")
    parser.add_argument("--samples", type=int, default=10, help="questions for time-to-first-answer (default 10)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" is expected here

    load_at_start = os.getloadavg()[0]
    results: dict = {"date": date.today().isoformat(), "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}",
                     "python": platform.python_version(), "requests": args.requests, "concurrency": args.concurrency}
    with tempfile.TemporaryDirectory() as tmp, FakeSlackAPI(open_workspace=True) as slack:
        workdir = Path(tmp)
        results["index_seconds"] = round(index(workdir), 1)
        gc.collect()
        gc.freeze()  # this process is the client: no collector pauses in the measurements
        stack = Stack(workdir, slack, USER_RATE_PER_MINUTE="0")
        try:
            first_answer(stack, 1, "chat.postMessage")  # load the models and code paths before measuring
            timed_post(stack.url, ask(slack, 99_999))
            slack.wait_for("respond/b99999", timeout=60)
            slack.reset()
            results["first_answer_extractive"] = summary(first_answer(stack, args.samples, "chat.postMessage"))

            posted = lambda: len(slack.calls("chat.postMessage"))  # noqa: E731
            responded = lambda: len([c for c in slack.calls() if c.method.startswith("respond/")])  # noqa: E731
            n, c = args.requests, args.concurrency
            slack.reset()
            results["ack_events_bursts"] = summary(rounds(stack, [mention(i) for i in range(n)], c, posted))
            slack.reset()
            results["ack_commands_bursts"] = summary(rounds(stack, [ask(slack, i) for i in range(n)], c, responded))
            slack.reset()
            started = time.perf_counter()
            results["ack_events_sustained"] = summary(burst(stack.url, [mention(n + i) for i in range(n)], c))
            stack.drain("chat.postMessage", n)
            results["answers_per_second"] = round(n / (time.perf_counter() - started), 1)
            slack.reset()
            results["ack_commands_sustained"] = summary(burst(stack.url, [ask(slack, n + i) for i in range(n)], c))
            deadline = time.monotonic() + 600
            while responded() < n and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stack.close()

        with FakeOpenAIServer(replies=lambda request: LLM_REPLY, chunks=8) as llm:
            slack.reset()
            stack = Stack(workdir, slack, USER_RATE_PER_MINUTE="0", LLM_MODEL="openai:fake", LLM_BASE_URL=llm.url)
            try:
                first_answer(stack, 1, "chat.startStream")
                stack.slack.wait_for("chat.stopStream", timeout=60)
                slack.reset()
                results["first_streamed_text_llm"] = summary(first_answer(stack, args.samples, "chat.startStream"))
            finally:
                stack.close()

        slack.reset()
        results["dispatch"] = dispatch_cost(workdir, slack, args.requests)
    results["load"] = f"{load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    if args.json:
        print(json.dumps(results))
        return
    print(f"Slack benchmark, {results['date']}, {results['machine']}, Python {results['python']}")
    print(f"index of knowledge/: {results['index_seconds']} s; load average {results['load']}")
    for kind in ("event", "command"):
        r = results["dispatch"][kind]
        print(f"{'ack work in Bolt, ' + kind:<36} in-process, n={r['n']}: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")
    for key, label in [("ack_events_bursts", "ack, app_mention, bursts"), ("ack_commands_bursts", "ack, /ask, bursts"),
                       ("ack_events_sustained", "ack, app_mention, sustained"),
                       ("ack_commands_sustained", "ack, /ask, sustained")]:
        r = results[key]
        print(f"{label:<36} {args.concurrency} concurrent, n={r['n']}: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms")
    print(f"{'answers while sustained':<36} {results['answers_per_second']} per second")
    for key, label in [("first_answer_extractive", "time to answer message (extractive)"),
                       ("first_streamed_text_llm", "time to first streamed text (LLM)")]:
        r = results[key]
        print(f"{label:<36} n={r['n']}: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")


if __name__ == "__main__":
    main()

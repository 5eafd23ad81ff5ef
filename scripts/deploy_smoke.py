"""The deployment, run directly on this host: what deploy/compose.yaml runs, process by process.

Containers cannot run here, so this starts the compose file's own commands (read from it, only the ports
moved to free ones): PostgreSQL from the machine (a fresh schema in database `test`), a Chroma server
(`chroma run`), `db upgrade`, `index`, `serve` in HTTP mode against the fake Slack Web API (hosted by this
process), `serve-teams` in local mode and the background worker. It waits for every probe, asks one
question through each surface, has the worker run a staff `/kb reindex` and deliver its summary, checks the
answers and the JSON log lines, stops everything and prints what it measured. Exit 0 only when every check passed. Run it with scripts/deploy-smoke.sh.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.deploy.deployment import (  # noqa: E402
    bot_args,
    bot_commands_in_shell,
    compose,
    service_argv,
    substitute,
)
from tests.fakes import FakeSlackAPI, command_body, event_body, post  # noqa: E402

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "deploy-smoke-signing-secret"
TOKEN = "xoxb-deploy-smoke"
STAFF = "U0STAFF"
QUESTION = "How long can a visiting researcher stay?"
EXPECTED = "12 months"
READY_TIMEOUT = 240.0

results: list[tuple[str, str]] = []


def check(name: str, ok: bool, detail: str = "") -> None:
    results.append(("ok" if ok else "FAILED", f"{name}{': ' + detail if detail else ''}"))
    print(f"[{'ok' if ok else 'FAILED'}] {name}{': ' + detail if detail else ''}", file=sys.stderr, flush=True)
    if not ok:
        raise SystemExit(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_port(args: list[str], port: int) -> list[str]:
    args = list(args)
    if "--port" in args:
        args[args.index("--port") + 1] = str(port)
    else:
        args += ["--port", str(port)]
    return args


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


class Stack:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("wb")
        process = subprocess.Popen(argv, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, name: str, url: str, started: float) -> float:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                check(f"{name} is running", False, f"exited {self.processes[name].returncode}:\n{self.log(name)[-2000:]}")
            try:
                status, _ = get(url)
                if status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.25)
        check(f"{name} became ready", False, f"no 200 from {url} in {READY_TIMEOUT:.0f} s:\n{self.log(name)[-2000:]}")
        return 0.0

    def wait_log(self, name: str, text: str, started: float) -> float:
        """For a process without a port: until its log shows `text`."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                check(f"{name} is running", False, f"exited {self.processes[name].returncode}:\n{self.log(name)[-2000:]}")
            if text in self.log(name):
                return time.monotonic() - started
            time.sleep(0.25)
        check(f"{name} became ready", False, f"no `{text}` in its log in {READY_TIMEOUT:.0f} s:\n{self.log(name)[-2000:]}")
        return 0.0

    def stop(self) -> dict[str, int]:
        codes = {}
        for name, process in self.processes.items():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                codes[name] = process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                codes[name] = process.wait()
        return codes


def run_once(name: str, args: list[str], env: dict, workdir: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=900)
    (workdir / f"{name}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    return done, time.monotonic() - started


def _json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def one(invocations: list[list[str]], service: str) -> list[str]:
    if len(invocations) != 1:
        check(f"compose service {service} runs one bot command", False, str(invocations))
    return invocations[0]


def main() -> int:  # noqa: PLR0915 - one scenario, step by step
    import sqlalchemy

    services = compose()["services"]
    invocations = {}
    for name in ("migrate", "index", "serve", "serve-teams", "worker"):
        argv = service_argv(services[name])
        found = bot_commands_in_shell(argv[2]) if argv[:2] == ["sh", "-c"] else [bot_args(argv)]
        invocations[name] = one([a for a in found if a is not None], name)
    chroma_argv = service_argv(services["chroma"])

    workdir = Path(tempfile.mkdtemp(prefix="deploy-smoke-"))
    schema = f"smoke_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    stack = Stack(workdir)
    slack = FakeSlackAPI(open_workspace=True).start()
    figures: dict[str, str] = {}
    try:
        # Ports are taken just before each process starts: other work on this machine takes ports too.
        ports = {"chroma": free_port()}
        compose_env = {k: substitute(str(v), {"POSTGRES_PASSWORD": "unused"})
                       for k, v in services["serve"]["environment"].items()}
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("BOT_", "DATABASE_", "CHROMA_", "SLACK_", "TEAMS_", "LLM_", "KNOWLEDGE_"))}
        env.update(compose_env)
        env.update(
            PYTHONPATH=str(ROOT), ORT_DISABLE_TELEMETRY="1", ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1",
            # What differs from compose: this host's PostgreSQL and free loopback ports; the documents from the
            # repository (the image copies the same folder); development, since serve-teams runs without the
            # Azure registration here (local mode) and production refuses that.
            DATABASE_URL=f"{POSTGRES}?options=-csearch_path%3D{schema}", CHROMA_HOST="127.0.0.1",
            CHROMA_PORT=str(ports["chroma"]), BOT_DATA_DIR=str(workdir / "var"), KNOWLEDGE_DIR=str(ROOT / "knowledge"),
            ENVIRONMENT="development", LOG_LEVEL="INFO", STAFF_SLACK_IDS=STAFF,
            SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.url,
        )
        check("compose environment used", compose_env["AUTO_MIGRATE"] == "false" and compose_env["LOG_FORMAT"] == "json"
              and compose_env["JOBS_IN_PROCESS"] == "false",
              ", ".join(f"{k}={v}" for k, v in sorted(compose_env.items()) if k != "DATABASE_URL"))

        chroma_args = with_port(chroma_argv[2:], ports["chroma"])
        chroma_args[chroma_args.index("--path") + 1] = str(workdir / "chroma-server")
        chroma_args[chroma_args.index("--host") + 1] = "127.0.0.1"
        started = time.monotonic()
        stack.start("chroma", [str(Path(sys.executable).with_name("chroma")), "run", *chroma_args], env)
        heartbeat = f"http://127.0.0.1:{ports['chroma']}/api/v2/heartbeat"
        figures["chroma ready"] = f"{stack.wait_ready('chroma', heartbeat, started):.1f} s"
        check("chroma run", True, f"`chroma run {' '.join(chroma_args)}` answers its heartbeat")

        # An app started before the migration refuses, with the reason (AUTO_MIGRATE=false, as in compose).
        early, _ = run_once("early", ["intros", "sweep"], env, workdir)
        check("refuses an un-migrated database", early.returncode == 1 and "db upgrade" in early.stderr,
              early.stderr.strip().splitlines()[-1] if early.stderr.strip() else "(no message)")

        done, seconds = run_once("migrate", invocations["migrate"], env, workdir)
        check("migrate", done.returncode == 0, f"`python -m bot {' '.join(invocations['migrate'])}`: {done.stdout.strip()}")
        figures["db upgrade"] = f"{seconds:.1f} s"
        current, _ = run_once("current", ["db", "current", "--json"], env, workdir)
        check("db current", current.returncode == 0 and json.loads(current.stdout)["up_to_date"], current.stdout.strip())

        done, seconds = run_once("index", [*invocations["index"], "--json"], env, workdir)
        report = json.loads(done.stdout) if done.returncode == 0 else {}
        check("index", done.returncode == 0 and report.get("chunks", 0) > 0,
              f"`python -m bot index`: {report.get('added')} documents, {report.get('chunks')} chunks in the Chroma server")
        figures["index"] = f"{seconds:.1f} s"

        for name, identity in (("serve", "mode"), ("serve-teams", "auth")):
            ports[name] = free_port()
            args = with_port(invocations[name], ports[name])
            if name == "serve":
                args += ["--host", "127.0.0.1"]
            started = time.monotonic()
            stack.start(name, [sys.executable, "-m", "bot", *args], env)
            probe = f"http://127.0.0.1:{ports[name]}/healthz"
            figures[f"{name} ready"] = f"{stack.wait_ready(name, probe, started):.1f} s"
            status, health = get(f"http://127.0.0.1:{ports[name]}/healthz")
            check(f"{name} answers on its port", identity in health and stack.processes[name].poll() is None,
                  "" if identity in health else f"another program answered on port {ports[name]}: {health}")
            check(f"{name} /healthz", status == 200 and health.get("knowledge_base") == "ok" and health["database"] == "ok",
                  f"`python -m bot {' '.join(args)}`: {json.dumps(health)}")
            check(f"{name} /livez", get(f"http://127.0.0.1:{ports[name]}/livez") == (200, {"status": "alive"}))

        # The worker: no port; ready when it says where its queue is (PostgreSQL, as compose's DATABASE_URL gives).
        started = time.monotonic()
        stack.start("worker", [sys.executable, "-m", "bot", *invocations["worker"]], env)
        figures["worker ready"] = f"{stack.wait_log('worker', 'worker: queue on', started):.1f} s"
        line = next(x for x in stack.log("worker").splitlines() if "worker: queue on" in x)
        check("worker", "queue on postgres" in line and "slack" in line,
              f"`python -m bot {' '.join(invocations['worker'])}`: {line.strip()}")

        # Slack: a signed /ask, answered through the response URL, and a signed @mention, answered in its thread.
        events = f"http://127.0.0.1:{ports['serve']}/slack/events"
        started = time.monotonic()
        status, _ = post(events, command_body("/ask", QUESTION, "U0SMOKE", response_url=f"{slack.url}respond/ask"), SECRET)
        check("Slack /ask acknowledged", status == 200)
        reply = slack.wait_for("respond/ask", timeout=60)[-1]
        figures["Slack /ask answered"] = f"{time.monotonic() - started:.2f} s"
        text = json.dumps(reply.args, ensure_ascii=False)
        check("Slack /ask answer", EXPECTED in text, text[:160] + "…")
        ts = f"{int(time.time())}.000100"
        started = time.monotonic()
        status, _ = post(events, event_body({"type": "app_mention", "channel": "C1", "user": "U0SMOKE", "ts": ts,
                                             "text": f"<@UBOT> {QUESTION}"}, event_id="EvSMOKE1"), SECRET)
        check("Slack mention acknowledged", status == 200)
        answer = slack.wait_for("chat.postMessage", timeout=60)[-1]
        figures["Slack mention answered"] = f"{time.monotonic() - started:.2f} s"
        check("Slack mention answer in the thread",
              answer.args.get("thread_ts") == ts and EXPECTED in json.dumps(answer.args, ensure_ascii=False))
        forged, _ = post(events, event_body({"type": "app_mention", "channel": "C1", "user": "U0SMOKE", "ts": ts,
                                             "text": "<@UBOT> forged"}), "not-the-secret")
        check("Slack refuses a bad signature", forged == 401, str(forged))

        # The worker: serve only queues a staff `/kb reindex` (JOBS_IN_PROCESS=false); the worker re-indexes the
        # knowledge folder into the Chroma server and its summary reaches the staff member by direct message.
        started = time.monotonic()
        status, _ = post(events, command_body("/kb", "reindex", STAFF, response_url=f"{slack.url}respond/kb"), SECRET)
        queued = slack.wait_for("respond/kb", timeout=60,
                                predicate=lambda c: "background" in json.dumps(c.args))[-1]
        check("Slack /kb reindex queued", status == 200, queued.args.get("text", "")[:120])
        summary = slack.wait_for("chat.postMessage", timeout=300,
                                 predicate=lambda c: "Re-index finished" in json.dumps(c.args, ensure_ascii=False))[-1]
        figures["/kb reindex by the worker"] = f"{time.monotonic() - started:.1f} s"
        # serve runs no jobs here (JOBS_IN_PROCESS=false), so the summary is the worker's.
        check("worker ran the re-index and delivered its summary", summary.args.get("channel") in {STAFF, "D" + STAFF},
              summary.args.get("text", "")[:160])

        # Teams: one message activity, replies in the response body (deliveryMode expectReplies).
        activity = {"type": "message", "id": "smoke-1", "channelId": "msteams", "deliveryMode": "expectReplies",
                    "serviceUrl": "http://127.0.0.1:56150/", "text": QUESTION,  # loopback: local mode replies nowhere else
                    "from": {"id": "29:smoke", "aadObjectId": "00000000-0000-0000-0000-00000000c0de"},
                    "recipient": {"id": "28:bot"}, "conversation": {"id": "smoke-conv", "conversationType": "personal"}}
        request = urllib.request.Request(f"http://127.0.0.1:{ports['serve-teams']}/api/messages",
                                         json.dumps(activity).encode(), {"Content-Type": "application/json"})
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.load(response)["activities"]
        figures["Teams message answered"] = f"{time.monotonic() - started:.2f} s"
        check("Teams answer", EXPECTED in json.dumps(replies, ensure_ascii=False),
              f"{len(replies)} activities, {sum(len(a.get('attachments') or []) for a in replies)} card(s)")

        # The JSON request lines (LOG_FORMAT=json from compose), one per request, the user hashed.
        for name, kind in (("serve", "command:/ask"), ("serve-teams", "activity:message")):
            raw = [line for line in stack.log(name).splitlines() if line.strip()]
            not_json = [line for line in raw if not _json_object(line)]
            check(f"{name} logs only JSON lines", not not_json, f"{len(raw)} lines" if not not_json else not_json[0][:200])
            lines = [json.loads(line) for line in raw]
            request_lines = [r for r in lines if r.get("kind") == kind]
            check(f"{name} JSON request line", bool(request_lines) and "latency_ms" in request_lines[0]
                  and "U0SMOKE" not in json.dumps(request_lines) and "29:smoke" not in json.dumps(request_lines),
                  json.dumps(request_lines[0]) if request_lines else f"none of {len(lines)} JSON lines")
    finally:
        codes = stack.stop()
        slack.stop()
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    check("stopped cleanly on SIGTERM", all(code == 0 for code in codes.values()),
          ", ".join(f"{name} exit {code}" for name, code in codes.items()))
    print("\n| step | time |\n| --- | --- |")
    for name, value in figures.items():
        print(f"| {name} | {value} |")
    print(f"\n{sum(1 for s, _ in results if s == 'ok')} checks passed.")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

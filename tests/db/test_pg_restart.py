"""A PostgreSQL server that restarts or stops: pooled connections recover, an outage gives a clear
message in the core and in Slack, and everything works again when the server is back.

The test runs its own server (initdb + pg_ctl on a free port) so the shared one stays untouched.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db.models import AnswerRecord, Contact, Feedback
from bot.db.session import transaction
from bot.errors import StorageUnavailable
from bot.kb.indexing import index_paths
from bot.matching.importer import import_file
from handlers.slack.http_server import health_check
from tests.conftest import SAMPLE_CONTACTS, make_settings
from tests.handlers.slack.conftest import block_text, make_harness, slack_api  # noqa: F401 - fixtures
from tests.processes import PortTaken, start_on_a_free_port

pytestmark = pytest.mark.slow

PG_BIN = next((d for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True) if (d / "initdb").exists()),
              Path(shutil.which("initdb") or "/nonexistent").parent)
OUTAGE = r"The database \(postgresql at 127\.0\.0\.1:\d+/postgres\) is unavailable; try again shortly\."
NOTE = """---
title: Cryo-EM facility access
---
## Free hours

Visiting teams from the partner regions get 40 free microscope hours per year at the Lund cryo-EM facility.
"""
QUESTION = "How many free microscope hours do visiting teams get at the Lund cryo-EM facility?"
NEED = "a Danish hospital for a clinical trial"


class PrivatePostgres:
    """initdb + pg_ctl in a temporary directory; as root, run as the postgres user (PostgreSQL refuses root)."""

    def __init__(self) -> None:
        as_root = os.geteuid() == 0
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        self.root = Path(tempfile.mkdtemp(prefix="pg-restart-"))  # not under tmp_path: postgres must reach it
        if as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.port = 0

    @property
    def options(self) -> str:
        return f"-p {self.port} -k {self.root} -h 127.0.0.1"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        self._run(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")

    def _run(self, *args: object) -> None:
        logged = self.log.stat().st_size if self.log.exists() else 0
        result = subprocess.run([*self.prefix, *map(str, args)], capture_output=True, text=True, timeout=120)
        if result.returncode:
            log = self.log.read_text()[logged:] if self.log.exists() else ""
            if "Address already in use" in log:  # a parallel test's server took the port in between
                raise PortTaken(self.port)
            pytest.fail(f"{Path(str(args[0])).name} failed: {result.stderr}{log[-2000:]}")

    def _ctl(self, *args: object) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", self.data, *args)

    def start_on(self, port: int) -> None:
        self.port = port
        self._ctl("-o", self.options, "-l", self.log, "start", "-w")

    def start(self) -> None:
        """Again on its port (clients keep their URL): a port someone took for a moment is waited for."""
        for _ in range(20):
            try:
                return self._ctl("-o", self.options, "-l", self.log, "start", "-w")
            except PortTaken:
                time.sleep(0.5)
        pytest.fail(f"port {self.port} stayed taken: the server cannot come back on its address")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast", "-w")

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        subprocess.run([*self.prefix, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and not (shutil.which("runuser") and _has_user("postgres")):
        pytest.skip("running as root without runuser or a postgres user: PostgreSQL refuses to run as root")
    server = PrivatePostgres()
    try:
        server.create()
        start_on_a_free_port(server.start_on)  # pg_ctl cannot bind port 0 and name the port
        yield server
    finally:
        server.remove()


def seed(services, folder: Path) -> None:  # noqa: ANN001
    """One small document and the first twelve sample contacts, written to the private server."""
    folder.mkdir(exist_ok=True)
    (folder / "cryo-em.md").write_text(NOTE, encoding="utf-8")
    assert index_paths(services.knowledge, [folder], knowledge_dir=folder).added == 1
    csv = folder.parent / "contacts.csv"
    csv.write_text("".join(SAMPLE_CONTACTS.read_text(encoding="utf-8").splitlines(keepends=True)[:14]), encoding="utf-8")
    with transaction(services.sessions) as session:
        assert import_file(session=session, path=csv, embedder=services.embedder, actor="test").created == 12


def count(services, model) -> int:  # noqa: ANN001
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_core_recovers_after_a_restart_and_refuses_clearly_while_stopped(private_postgres, tmp_path):
    from bot.services import build_services

    services = build_services(make_settings(tmp_path, database_url=private_postgres.url))
    try:
        seed(services, tmp_path / "knowledge")
        first = services.assistant.ask(QUESTION, user_ref="cli:test")
        matches = [m.id for m in services.matcher.match(NEED)]
        assert first.confident and "40 free microscope hours" in first.text and matches

        private_postgres.restart()  # every pooled connection is dead now; pre-ping replaces them unnoticed
        again = services.assistant.ask(QUESTION, user_ref="cli:test")
        assert again.confident and [m.id for m in services.matcher.match(NEED)] == matches
        services.assistant.record_feedback(again.answer_id, rating=1, user_ref="cli:test", surface="cli")

        private_postgres.stop()

        def import_all() -> None:
            with transaction(services.sessions) as session:
                import_file(session=session, path=SAMPLE_CONTACTS, embedder=services.embedder)

        outage = {
            "ask": lambda: services.assistant.ask(QUESTION, user_ref="cli:test"),
            "match": lambda: services.matcher.match(NEED),
            "feedback": lambda: services.assistant.record_feedback(first.answer_id, rating=-1, user_ref="cli:test"),
            "list documents": services.kb_admin.list,
            "import": import_all,
        }
        for name, operation in outage.items():
            with pytest.raises(StorageUnavailable, match=OUTAGE):
                operation()
                pytest.fail(f"{name} worked without a database")
        assert health_check(services, "http")()[0] == 503

        private_postgres.start()
        assert health_check(services, "http")()[0] == 200
        assert services.assistant.ask(QUESTION, user_ref="cli:test").confident
        assert [m.id for m in services.matcher.match(NEED)] == matches
        assert [d.source for d in services.kb_admin.list()] == ["cryo-em.md"]
        # nothing half-written by the failed calls: 12 contacts, the three answers asked while up, one vote
        assert (count(services, Contact), count(services, AnswerRecord), count(services, Feedback)) == (12, 3, 1)
    finally:
        services.close()


def test_slack_tells_the_user_while_the_database_is_down(private_postgres, make_harness, tmp_path):  # noqa: F811
    harness = make_harness(database_url=private_postgres.url)
    seed(harness.services, tmp_path / "knowledge")

    def dm_reply() -> str:
        event = harness.dm(QUESTION)
        call = harness.slack.wait_for("chat.postMessage", timeout=30,
                                      predicate=lambda c: c.args.get("thread_ts") == event["ts"])[0]
        return block_text(call.args.get("blocks") or []) or call.args["text"]

    def command_reply(name: str, text: str) -> str:
        before = len(harness.responses(name[1:]))
        status, _ = harness.command(text, name=name)
        assert status == 200
        return harness.slack.wait_for(f"respond/{name[1:]}", count=before + 1, timeout=30)[-1].args["text"]

    assert "40 free microscope hours" in dm_reply()
    private_postgres.restart()
    assert "40 free microscope hours" in dm_reply()

    private_postgres.stop()
    assert harness.get("/healthz")[0] == 503
    for reply in (dm_reply(), command_reply("/ask", QUESTION), command_reply("/match", NEED)):
        assert "database" in reply and "is unavailable; try again shortly" in reply and "reference" not in reply
        assert "127.0.0.1" not in reply  # where the server runs is for the operators' log, not for users

    private_postgres.start()
    assert harness.get("/healthz")[0] == 200
    assert "40 free microscope hours" in dm_reply()
    assert "unavailable" not in command_reply("/match", NEED)

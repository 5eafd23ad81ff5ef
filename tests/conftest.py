"""Shared fixtures. Every test gets its own data directory, database and collection."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SAMPLE_CONTACTS = ROOT / "data" / "sample_contacts.csv"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_APP_ENV = (
    "BOT_", "DATABASE_URL", "CHROMA_", "KNOWLEDGE_DIR", "LLM_", "SLACK_", "STAFF_", "TEAMS_", "INTRO_",
    "ENVIRONMENT", "MAX_", "KB_", "ABSTAIN_", "RETRIEVAL_", "JOBS_", "REDIS_", "OUTBOX_",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    """No test sees the developer's environment or .env file."""
    for name in list(os.environ):
        if name.startswith(_APP_ENV) and name not in {"CHROMA_TEST_HOST", "CHROMA_TEST_PORT"}:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # a .env in the project folder must not leak in
    monkeypatch.setenv("ORT_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _fresh_module_caches():
    """State kept by modules across tests is dropped after each one, so no test sees another's.
    (The staff group's members are cached in each test's own database, not in a module.)"""
    yield
    import sys

    chroma = sys.modules.get("chromadb.api.client")
    if chroma is not None:  # Chroma shares one system per path or host across clients in a process
        chroma.SharedSystemClient.clear_system_cache()


def make_settings(tmp_path: Path, **overrides):
    from bot.config import Settings

    values = {
        "bot_data_dir": tmp_path / "var",
        "knowledge_dir": KNOWLEDGE,
        "chroma_collection": f"kb_{uuid.uuid4().hex[:10]}",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path)


@pytest.fixture
def services(settings):
    from bot.services import build_services

    svc = build_services(settings)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def _indexed_template(tmp_path_factory):
    """The knowledge folder indexed once per test session; tests get a private copy of it."""
    from bot.kb.indexing import index_paths
    from bot.services import build_services

    base = tmp_path_factory.mktemp("indexed")
    settings = make_settings(base, chroma_collection="knowledge")
    svc = build_services(settings)
    report = index_paths(svc.knowledge, [KNOWLEDGE], knowledge_dir=KNOWLEDGE)
    assert not report.failed, report.failed
    svc.close()
    del svc
    return base / "var"


@pytest.fixture
def indexed_services(tmp_path, _indexed_template):
    """Services over an already indexed copy of knowledge/ (embedded Chroma, SQLite)."""
    from bot.services import build_services

    shutil.copytree(_indexed_template, tmp_path / "var")
    svc = build_services(make_settings(tmp_path, chroma_collection="knowledge"))
    yield svc
    svc.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request) -> dict:
    """Settings for each database an end-to-end case runs on: SQLite, and PostgreSQL, which enforces
    the VARCHAR lengths SQLite ignores. For the cases that write to the database, not every case."""
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres_url")}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres),
                        pytest.param("chroma-server", marks=pytest.mark.chroma_server)])
def storage(request) -> dict:
    """Settings for each place a knowledge-base case can keep its data: SQLite with embedded Chroma,
    PostgreSQL, and a Chroma server (a fresh collection)."""
    if request.param == "sqlite":
        return {}
    if request.param == "postgresql":
        return {"database_url": request.getfixturevalue("postgres_url")}
    host, port = request.getfixturevalue("chroma_server")
    return {"chroma_host": host, "chroma_port": port, "chroma_collection": f"kb_{uuid.uuid4().hex[:10]}"}


def copy_knowledge_registry(tmp_path: Path, services) -> None:  # noqa: ANN001
    """The copied template's documents registry, into the database `services` use (the chunks are in
    the copied Chroma folder), so a copy of the indexed knowledge works on PostgreSQL too."""
    import sqlalchemy

    from bot.db.models import Document, KnowledgeState

    source = sqlalchemy.create_engine(make_settings(tmp_path).resolved_database_url)
    try:
        with source.connect() as read, services.engine.begin() as write:
            for table in (Document.__table__, KnowledgeState.__table__):
                rows = [dict(r._mapping) for r in read.execute(sqlalchemy.select(table))]
                write.execute(table.delete())
                if rows:
                    write.execute(table.insert(), rows)
    finally:
        source.dispose()


def copy_knowledge_chunks(tmp_path: Path, services) -> None:  # noqa: ANN001
    """The copied template's chunks (with their vectors), into the Chroma server `services` use, so the
    server's collection holds what the copied registry lists, as after indexing there."""
    from bot.kb.store import make_chroma_client

    source = make_chroma_client(path=make_settings(tmp_path).chroma_path).get_collection("knowledge")
    got = source.get(include=["documents", "metadatas", "embeddings"])
    services.knowledge.store.upsert(got["ids"], got["documents"], got["embeddings"], got["metadatas"])


@pytest.fixture
def indexed_services_on(database, tmp_path, _indexed_template):
    """`indexed_services` on each database of the `database` fixture."""
    from bot.services import build_services

    shutil.copytree(_indexed_template, tmp_path / "var")
    svc = build_services(make_settings(tmp_path, chroma_collection="knowledge", **database))
    if database:
        copy_knowledge_registry(tmp_path, svc)
    yield svc
    svc.close()


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL schema for this test, dropped afterwards."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    except sqlalchemy.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.__class__.__name__}")
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def chroma_server():
    """(host, port) of the Chroma server that .ci/run starts; skipped locally when none runs."""
    host, port = os.environ.get("CHROMA_TEST_HOST"), os.environ.get("CHROMA_TEST_PORT")
    if not (host and port):
        if os.environ.get("CI"):
            pytest.fail("CHROMA_TEST_HOST/CHROMA_TEST_PORT must be set in CI (see .ci/run)")
        pytest.skip("no Chroma server (set CHROMA_TEST_HOST and CHROMA_TEST_PORT)")
    return host, int(port)

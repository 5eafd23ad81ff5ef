import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb.indexing import index_paths
from tests.conftest import ROOT, make_settings
from tests.docmakers import make_docx, make_pdf


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    kdir = tmp_path / "knowledge"
    write(kdir, "grants.md", "---\ntitle: Seed grants\ncategory: funding\nupdated: 2026-03-01\n---\n# Seed grants\n\n## Amount\n\nA seed grant is worth up to DKK 250,000 for one year.\n\n## Deadline\n\nApplications close on 15 May every year.\n")
    write(kdir, "exchange/visits.md", "---\ntitle: Visiting researchers\ncategory: exchange\n---\n## Length\n\nA visiting researcher stays between three and twelve months in the host laboratory.\n")
    return kdir


@pytest.fixture
def svc(tmp_path, folder):
    from bot.services import build_services

    services = build_services(make_settings(tmp_path, knowledge_dir=folder))
    yield services
    services.close()


def chunk_ids(svc) -> set[str]:
    return {cid for cid, _, _ in svc.knowledge.store.all_chunks()}


def test_first_run_indexes_with_metadata_and_sections(svc, folder):
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    assert (report.added, report.updated, report.unchanged, report.removed, report.failed) == (2, 0, 0, 0, [])
    metas = [meta for _, _, meta in svc.knowledge.store.all_chunks()]
    assert report.chunks == len(metas) == 3
    deadline = next(m for m in metas if m["section"] == "Deadline")
    assert (deadline["source"], deadline["title"], deadline["category"], deadline["updated"]) == (
        "grants.md", "Seed grants", "funding", "2026-03-01")
    assert {m["source"] for m in metas} == {"grants.md", "exchange/visits.md"}


def test_unchanged_documents_cost_nothing_changed_ones_are_replaced(svc, folder, monkeypatch):
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    before = chunk_ids(svc)

    calls = []
    original = svc.embedder.encode
    monkeypatch.setattr(svc.embedder, "encode", lambda texts: calls.append(len(texts)) or original(texts))
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    assert calls == [] and chunk_ids(svc) == before

    write(folder, "grants.md", "---\ntitle: Seed grants\ncategory: funding\n---\n## Amount\n\nA seed grant is now worth up to DKK 300,000.\n")
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    texts = [t for _, t, m in svc.knowledge.store.all_chunks() if m["source"] == "grants.md"]
    assert texts == ["A seed grant is now worth up to DKK 300,000."]
    hits = svc.knowledge.search("How much is a seed grant worth?", k=3)
    assert "300,000" in hits[0].text


def test_deleted_files_leave_the_index(svc, folder):
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    (folder / "exchange" / "visits.md").unlink()
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    assert report.removed == 1
    assert {m["source"] for _, _, m in svc.knowledge.store.all_chunks()} == {"grants.md"}
    assert all(h.source == "grants.md" for h in svc.knowledge.search("visiting researcher months", k=5))


def test_indexing_one_file_does_not_remove_the_others(svc, folder):
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    report = index_paths(svc.knowledge, [folder / "grants.md"], knowledge_dir=folder)
    assert (report.unchanged, report.removed) == (1, 0)
    assert {d.source for d in svc.knowledge.list_documents()} == {"grants.md", "exchange/visits.md"}


def test_a_corrupt_file_is_reported_and_the_rest_indexed(svc, folder):
    (folder / "broken.pdf").write_bytes(make_pdf("Broken text here")[:150])
    (folder / "rules.docx").write_bytes(make_docx("Rules", {"Insurance": "Visitors need travel insurance for the whole stay."}))
    (folder / "call.pdf").write_bytes(make_pdf("The travel grant covers flights and housing."))
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    assert [f["path"] for f in report.failed] == ["broken.pdf"]
    assert "PDF" in report.failed[0]["error"]
    assert report.added == 4
    assert svc.knowledge.search("travel insurance", k=1)[0].source == "rules.docx"


def test_a_failed_update_keeps_the_previous_version(svc, folder):
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    (folder / "grants.md").write_bytes(b"\xff\xfe not utf-8 any more")
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    assert report.failed and report.failed[0]["path"] == "grants.md"
    assert "250,000" in svc.knowledge.search("seed grant amount", k=1)[0].text


def test_crash_between_writing_chunks_and_switching_converges(svc, folder, monkeypatch):
    """A run killed after the new chunks are written but before the registry switches."""
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    write(folder, "grants.md", "## Amount\n\nA seed grant is worth up to DKK 999,000.\n")
    from bot.kb import base

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(base, "transaction", crash)
    with pytest.raises(KeyboardInterrupt):
        index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    monkeypatch.undo()
    svc.knowledge._snapshot = None
    # The half-written version is invisible: search still sees the old text only.
    assert all("999,000" not in h.text for h in svc.knowledge.search("seed grant worth", k=5))
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    registry = svc.knowledge.registry()
    metas = [m for _, _, m in svc.knowledge.store.all_chunks()]
    assert all(registry[m["source"]].content_hash == m["doc_hash"] for m in metas)
    assert sum(d.chunk_count for d in registry.values()) == len(metas)
    assert "999,000" in svc.knowledge.search("seed grant worth", k=1)[0].text


def test_rebuild_gives_the_same_index(svc, folder):
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    before = chunk_ids(svc)
    report = index_paths(svc.knowledge, [folder], knowledge_dir=folder, rebuild=True)
    assert report.added == 2 and chunk_ids(svc) == before


def test_category_filter(svc, folder):
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    hits = svc.knowledge.search("deadline months grant", k=5, category="exchange")
    assert hits and {h.metadata["category"] for h in hits} == {"exchange"}


def test_missing_path_is_reported(svc, folder):
    report = index_paths(svc.knowledge, [folder / "nope"], knowledge_dir=folder)
    assert report.failed == [{"path": str(folder / "nope"), "error": "no such file or folder"}]


def run_index(tmp_path, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "KNOWLEDGE_", "CHROMA_H", "CHROMA_P", "DATABASE_"))}
    env.update(BOT_DATA_DIR=str(tmp_path / "var"), **(env_extra or {}))
    return subprocess.run([sys.executable, str(ROOT / "index_docs.py"), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=240)


def test_cli_json_follows_the_contract(tmp_path, folder):
    result = run_index(tmp_path, "--json", env_extra={"KNOWLEDGE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"added", "updated", "unchanged", "removed", "failed", "chunks", "seconds"}
    assert (payload["added"], payload["chunks"]) == (2, 3)
    again = json.loads(run_index(tmp_path, "--json", env_extra={"KNOWLEDGE_DIR": str(folder)}).stdout)
    assert (again["added"], again["unchanged"]) == (0, 2)


def test_cli_failure_exits_non_zero_with_the_path(tmp_path, folder):
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    result = run_index(tmp_path, env_extra={"KNOWLEDGE_DIR": str(folder)})
    assert result.returncode == 1
    assert "bad.pdf" in result.stderr and "2 added" in result.stdout


def test_dead_chroma_server_gives_a_clear_message(tmp_path, folder):
    result = run_index(tmp_path, env_extra={"KNOWLEDGE_DIR": str(folder), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "9"})
    assert result.returncode == 1
    assert result.stderr.startswith("error: The knowledge base is unavailable")
    assert "Traceback" not in result.stderr


@pytest.mark.chroma_server
def test_chroma_server_mode(tmp_path, folder, chroma_server):
    from bot.services import build_services

    host, port = chroma_server
    services = build_services(make_settings(tmp_path, knowledge_dir=folder, chroma_host=host, chroma_port=port))
    report = index_paths(services.knowledge, [folder], knowledge_dir=folder)
    assert report.added == 2 and report.chunks == 3
    assert services.knowledge.search("How long do visiting researchers stay?", k=1)[0].source == "exchange/visits.md"
    assert not (tmp_path / "var" / "chroma").exists()
    services.chroma.delete_collection(services.settings.chroma_collection)
    services.close()


@pytest.mark.postgres
def test_registry_on_postgres(tmp_path, folder, postgres_url):
    from bot.services import build_services

    services = build_services(make_settings(tmp_path, knowledge_dir=folder, database_url=postgres_url))
    assert index_paths(services.knowledge, [folder], knowledge_dir=folder).added == 2
    assert index_paths(services.knowledge, [folder], knowledge_dir=folder).unchanged == 2
    services.close()

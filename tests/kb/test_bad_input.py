"""`index_docs.py` over a folder of unreadable files: each is named with its reason, the good ones are
indexed, the exit code is 1, and a second run finds the same state (nothing half-written), on each
place the knowledge base can keep its data."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, make_settings
from tests.docmakers import make_docx, make_pdf

GOOD = "---\ntitle: Cryo-EM hours\n---\n## Free hours\n\nVisiting teams get 40 free microscope hours per year in Lund.\n"
# A valid document whose name has a right-to-left mark, a combining accent, a zero-width joiner and an emoji.
ODD_NAME = "\u200fny\u0301t-\u200dnotes \U0001f469\u200d\U0001f52c.md"
BAD = {
    "locked.pdf": (make_pdf("Secret plans.", password="s3cret"), "password-protected"),
    "junk.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged or unreadable"),
    "truncated.docx": (make_docx("Report", {"A": "b"})[:600], "damaged"),
    "utf16.txt": ("Visiting researchers stay a year.".encode("utf-16"), "UTF-16"),
    "latin1.md": ("# Ålborg\n\nÆbler og øl.".encode("latin-1"), "not valid UTF-8"),
    "junk.md": (bytes(range(256)) * 16, "binary"),
    "late-nul.md": (b"# Notes\n\n" + b"word " * 1000 + b"\x00tail", "binary"),
    "empty.md": (b"", "empty"),
    # Too long for its column (VARCHAR(60)): refused before the database sees it, which PostgreSQL would refuse.
    "long-category.md": (b"---\ntitle: Hours\ncategory: " + b"x" * 61 + b"\n---\n# Hours\n\nForty hours.\n",
                         "the front-matter category is 61 characters long; at most 60 fit"),
}


def run_index(tmp_path, *args: str, storage: dict) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "KNOWLEDGE_", "CHROMA_", "DATABASE_"))}
    env.update(BOT_DATA_DIR=str(tmp_path / "var"), KNOWLEDGE_DIR=str(tmp_path / "knowledge"), PYTHONIOENCODING="utf-8")
    env.update({name.upper(): str(value) for name, value in storage.items()})  # DATABASE_URL, CHROMA_HOST...
    return subprocess.run([sys.executable, str(ROOT / "index_docs.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=tmp_path, timeout=240)


def test_unreadable_files_are_named_with_reasons_and_the_rest_indexed(tmp_path, storage):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / ODD_NAME).write_text(GOOD.replace("40 free", "12 extra"), encoding="utf-8")
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)

    result = run_index(tmp_path, storage=storage)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("2 added")
    failed = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in result.stderr.splitlines()
              if line.startswith("  failed: ")}
    assert set(failed) == set(BAD)  # named as they are in the knowledge folder
    for name, (_, reason) in BAD.items():
        assert reason in failed[name], (name, failed[name])

    again = run_index(tmp_path, "--json", storage=storage)  # the failures are reported again, the good files are unchanged
    report = json.loads(again.stdout)
    assert again.returncode == 1 and (report["added"], report["unchanged"], len(report["failed"])) == (0, 2, len(BAD))

    from bot.services import build_services

    services = build_services(make_settings(tmp_path, knowledge_dir=folder, **{"chroma_collection": "knowledge", **storage}))
    try:
        assert sorted(d.source for d in services.kb_admin.list()) == sorted(["good.md", ODD_NAME])
        sources = {meta["source"] for _, _, meta in services.knowledge.store.all_chunks()}
        assert sources == {"good.md", ODD_NAME}
        assert services.knowledge.search("How many free microscope hours do visiting teams get?", k=1)[0].source == "good.md"
    finally:
        services.close()

"""index_docs.py killed with SIGKILL at random points converges to the same index as a clean build."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import KNOWLEDGE, ROOT

# CI runs 6 kills; `CRASH_RUNS=20 pytest tests/kb/test_crash_consistency.py` is the full check.
RUNS = int(os.environ.get("CRASH_RUNS", "6"))


def make_corpus(folder, n=30):
    shutil.copytree(KNOWLEDGE, folder)
    rng = random.Random(7)
    words = ("cohort biobank trial exchange grant stipend visa genome imaging cardiology insulin vaccine "
             "antibiotic regulatory hospital laboratory partner funding deadline researcher student").split()
    for i in range(n):
        sections = "\n\n".join(
            f"## Section {j}\n\n" + " ".join(rng.choice(words) for _ in range(rng.randint(80, 220))) + "."
            for j in range(rng.randint(1, 4))
        )
        (folder / f"generated-{i:03d}.md").write_text(f"---\ntitle: Generated {i}\n---\n{sections}\n")


def env_for(data_dir, knowledge):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "KNOWLEDGE_", "CHROMA_H", "CHROMA_P", "DATABASE_"))}
    env.update(BOT_DATA_DIR=str(data_dir), KNOWLEDGE_DIR=str(knowledge))
    return env


def index(env, *extra, timeout=300):
    return subprocess.run([sys.executable, str(ROOT / "index_docs.py"), "--json", *extra], env=env, capture_output=True, text=True, timeout=timeout)


def state(data_dir, knowledge):
    """(chunk id, doc hash) pairs in Chroma and (source, hash) rows in the registry."""
    from bot.services import build_services
    from tests.conftest import make_settings

    svc = build_services(make_settings(data_dir.parent, bot_data_dir=data_dir, knowledge_dir=knowledge, chroma_collection="knowledge"))
    chunks = sorted((cid, meta["doc_hash"]) for cid, _, meta in svc.knowledge.store.all_chunks())
    registry = sorted((s, d.content_hash, d.chunk_count) for s, d in svc.knowledge.registry().items())
    svc.close()
    return chunks, registry


@pytest.mark.slow
def test_sigkill_at_random_points_converges(tmp_path):
    knowledge = tmp_path / "knowledge"
    make_corpus(knowledge)
    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crashed"

    started = time.monotonic()
    assert index(env_for(clean_dir, knowledge)).returncode == 0
    full = time.monotonic() - started
    expected = state(clean_dir, knowledge)
    assert len(expected[0]) > 40

    rng = random.Random(2026)
    env = env_for(crash_dir, knowledge)
    killed = 0
    for run in range(RUNS):
        if run % 5 == 4:  # documents change between crashes too
            target = knowledge / f"generated-{rng.randrange(30):03d}.md"
            target.write_text(target.read_text() + f"\n\nRevision {run}: updated text about trial funding.\n")
        proc = subprocess.Popen([sys.executable, str(ROOT / "index_docs.py"), *(["--rebuild"] if run % 7 == 3 else [])],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full * 1.1))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
    assert killed >= RUNS // 2, "the kills should mostly land while indexing runs"

    result = index(env)
    assert result.returncode == 0, result.stderr
    assert index(env_for(clean_dir, knowledge)).returncode == 0  # the clean build sees the same edits
    got, want = state(crash_dir, knowledge), state(clean_dir, knowledge)
    assert got == want
    assert len({cid for cid, _ in got[0]}) == len(got[0])  # no duplicate chunks

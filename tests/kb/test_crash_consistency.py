"""index_docs.py killed with SIGKILL at random points converges to the same index as a clean build."""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import KNOWLEDGE, ROOT

# CI runs 6 kills; `CRASH_RUNS=20 pytest tests/kb/test_crash_consistency.py` is the full check.
RUNS = int(os.environ.get("CRASH_RUNS", "6"))
GENERATED = 64  # two indexing batches of 32 documents
WORDS = ("cohort biobank trial exchange grant stipend visa genome imaging cardiology insulin vaccine "
         "antibiotic regulatory hospital laboratory partner funding deadline researcher student").split()


def generated(rng: random.Random, i: int, revision: int = 0) -> str:
    sections = "\n\n".join(
        f"## Section {j}\n\n" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 220))) + "."
        for j in range(rng.randint(1, 3))
    )
    return f"---\ntitle: Generated {i}\n---\n{sections}\n\nRevision {revision}.\n"


def make_corpus(folder):
    shutil.copytree(KNOWLEDGE, folder)
    rng = random.Random(7)
    for i in range(GENERATED):
        (folder / f"generated-{i:03d}.md").write_text(generated(rng, i))


def edit_corpus(folder, rng: random.Random, revision: int) -> None:
    """Give the next run real work: rewrite most generated documents, drop or restore one."""
    for i in rng.sample(range(GENERATED), GENERATED * 3 // 4):
        (folder / f"generated-{i:03d}.md").write_text(generated(rng, i, revision))
    victim = folder / f"generated-{rng.randrange(GENERATED):03d}.md"
    if revision % 3 == 0 and victim.exists():
        victim.unlink()  # a removal, restored by a later edit of the same number


def env_for(data_dir, knowledge):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "KNOWLEDGE_", "CHROMA_H", "CHROMA_P", "DATABASE_"))}
    env.update(BOT_DATA_DIR=str(data_dir), KNOWLEDGE_DIR=str(knowledge))
    return env


def index(env, *extra, timeout=300):
    return subprocess.run([sys.executable, str(ROOT / "index_docs.py"), "--json", *extra], env=env, capture_output=True, text=True, timeout=timeout)


def rows(path, sql):
    if not path.exists():
        return None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchall()


def registry_rows(data_dir):
    # The registry is in WAL mode, so reading it beside a running indexer does not block the indexer.
    return rows(data_dir / "assistant.sqlite3", "select source, content_hash from documents order by source")


def footprint(data_dir):
    """What is on disk, read without the product's code: tells whether a killed run had started writing."""
    return rows(data_dir / "chroma" / "chroma.sqlite3", "select count(*), max(seq_id) from embeddings"), registry_rows(data_dir)


def wait_for_first_batch(proc, data_dir, before, timeout=120.0):
    """Return once the run has switched its first batch (or ended), so a kill can land between later writes."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if registry_rows(data_dir) != before:
                return
        except sqlite3.Error:
            pass  # the database is being created
        time.sleep(0.02)


def state(data_dir, knowledge):
    """(chunk id, doc hash) pairs in Chroma and (source, hash) rows in the registry."""
    from bot.services import build_services
    from tests.conftest import make_settings

    svc = build_services(make_settings(data_dir.parent, bot_data_dir=data_dir, knowledge_dir=knowledge, chroma_collection="knowledge"))
    chunks = sorted((cid, meta["doc_hash"]) for cid, _, meta in svc.knowledge.store.all_chunks())
    registry = sorted((s, d.content_hash, d.chunk_count) for s, d in svc.knowledge.registry().items())
    svc.close()
    return chunks, registry


def kill_at_random_points(tmp_path, knowledge, runs: int = RUNS) -> tuple[dict, int, int]:  # noqa: ANN001
    """Index an edited corpus `runs` times, SIGKILLing each run at a random point.

    Returns (the crashed data directory's environment, kills that landed while indexing ran, kills
    after writing had begun). How many land depends on the machine's speed: bench/bench_crash.py
    prints them; the test asserts only that the index converges.
    """
    clean_dir, crash_dir = tmp_path / "timing", tmp_path / "crashed"
    assert index(env_for(clean_dir, knowledge)).returncode == 0
    assert len(state(clean_dir, knowledge)[0]) > 40

    rng = random.Random(2026)
    # How long a run with a typical edit takes, and how much of it is start-up (the run's own "seconds" is
    # the indexing alone), so that kills fall inside the work.
    edit_corpus(knowledge, rng, revision=1)
    started = time.monotonic()
    timed = index(env_for(clean_dir, knowledge))
    typical = time.monotonic() - started
    assert timed.returncode == 0
    startup = max(0.0, typical - json.loads(timed.stdout)["seconds"])

    env = env_for(crash_dir, knowledge)
    killed = mid_write = 0
    for run in range(runs):
        before = footprint(crash_dir)
        edit_corpus(knowledge, rng, revision=run + 2)
        rebuild = ["--rebuild"] if run % 7 == 3 else []
        proc = subprocess.Popen([sys.executable, str(ROOT / "index_docs.py"), *rebuild],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run % 4 == 0:  # anywhere in the run, start-up included
            time.sleep(rng.uniform(0.2, typical))
        else:  # inside the writing: after the first batch switched, before the run would end
            wait_for_first_batch(proc, crash_dir, before[1])
            time.sleep(rng.uniform(0.0, max(typical - startup, 0.5) / 2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
            proc.wait()
            mid_write += footprint(crash_dir) != before
        proc.wait()
    return env, killed, mid_write


@pytest.mark.slow
@pytest.mark.timeout(120 + 60 * RUNS)  # a guard against a hang, not a timing: a busy 2-core machine needs ~40 s a run
def test_sigkill_at_random_points_converges(tmp_path):
    knowledge = tmp_path / "knowledge"
    make_corpus(knowledge)
    env, killed, mid_write = kill_at_random_points(tmp_path, knowledge)
    print(f"{killed} of {RUNS} kills landed while indexing ran, {mid_write} of them after writing had begun")

    result = index(env)
    assert result.returncode == 0, result.stderr
    reference = tmp_path / "reference"
    assert index(env_for(reference, knowledge)).returncode == 0  # a clean build of the final documents
    got, want = state(tmp_path / "crashed", knowledge), state(reference, knowledge)
    assert got == want
    assert len({cid for cid, _ in got[0]}) == len(got[0])  # no duplicate chunks

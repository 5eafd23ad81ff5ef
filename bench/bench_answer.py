"""Answering benchmark: extractive `assistant.ask` latency, and the cold start of `python -m bot ask`.

Measures, at ~1k and ~100k chunks (knowledge/ indexed for real with bot.kb.indexing.index_paths,
plus synthetic filler in the category "synthetic-filler", see bench/common.py):
  - warm latency p50/p95 of services.assistant.ask(question, history) over the questions of
    eval/qa_knowledge.jsonl (extractive: no LLM configured; answers are recorded as in production):
    the first pass (distinct questions; the answerer's sentence-vector cache starts empty) and the
    repeat passes (same questions again, cache warm) separately; and the retrieval step alone;
  - the first ask after start (model already loaded: snapshot load + answer);
  - how many answers still cite knowledge/ first, and how many are identical to the ~1k answers;
  - the cold start of `python -m bot ask "..." --json` as a subprocess against the same data dir:
    wall time (median of 3 runs) and the peak RSS of that process (os.wait4).

Run (from the repository root):
  .venv/bin/python bench/bench_answer.py            # full run: ~12 min on 2 quiet cores, 25+ min when busy
  .venv/bin/python bench/bench_answer.py --quick    # smoke run (~1k and ~5k chunks), a few minutes
Results: printed, and saved to bench/results/answer.json (answer-quick.json for --quick).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    DEFAULT_DATASET, ROOT, SYNTHETIC_NOTE, SyntheticCorpus, load_corpus, load_queries, machine, median, peak_rss_mb, real_vectors,
    run_isolated, save_results, summarize, timed,
)

KNOWLEDGE = ROOT / "knowledge"
FILLER = "synthetic-filler"
COLD_QUESTION = "Which regions signed the agreement?"


def services_for(data_dir: Path):  # noqa: ANN201
    from bot.config import Settings
    from bot.services import build_services

    return build_services(Settings(bot_data_dir=data_dir, knowledge_dir=KNOWLEDGE, llm_model=None, chroma_host=None))


def phase_build(data_dir: Path, dataset: Path, target: int, vectors: Path) -> dict:
    """Index knowledge/ (the first time) and add synthetic filler up to `target` chunks."""
    import numpy as np

    from bot.kb.indexing import index_paths

    services = services_for(data_dir)
    kb = services.knowledge
    ms, report = timed(index_paths, kb, [KNOWLEDGE], knowledge_dir=KNOWLEDGE)
    knowledge_chunks = sum(d.chunk_count for d in kb.registry().values() if not d.source.startswith("synthetic/"))
    corpus = load_corpus(dataset)
    if not vectors.exists():
        np.save(vectors, real_vectors(services.embedder, corpus, n=2000))
    have = kb.store.count() - knowledge_chunks
    want = (target - knowledge_chunks) // 2 * 2
    added = SyntheticCorpus(corpus, np.load(vectors), seed=have).add(kb, want - have, start=have, category=FILLER)
    return {"knowledge_chunks": knowledge_chunks, "filler_chunks": want, "chunks": kb.store.count(),
            "index_knowledge_s": round(ms / 1000, 2), "index_report": report.summary(), "filler_s": added["seconds"]}


def phase_measure(data_dir: Path, rounds: int, dataset: Path) -> dict:
    from bot.evaluation.qa import DEFAULT_SET, load_cases

    services = services_for(data_dir)
    assistant = services.assistant
    services.embedder.encode(["warm-up"])
    cases = load_cases(DEFAULT_SET)
    # Off-topic (NFCorpus) warm-up questions: the first loads the snapshot; none fills the answerer's
    # sentence-vector cache (bot/qa/extractive.py) with sentences of knowledge/ passages.
    warm_up = load_queries(dataset)[:4]
    first_ms, _ = timed(assistant.ask, warm_up[0], surface="bench")
    for query in warm_up[1:]:
        assistant.ask(query, surface="bench")
    passes, answers = [], {}
    for _ in range(rounds):  # pass 1: distinct questions, cache cold; later passes: the same questions again
        passes.append([])
        for case in cases:
            ms, answer = timed(assistant.ask, case.question, case.history, surface="bench")
            passes[-1].append(ms)
            answers[case.id] = {"mode": answer.mode, "first_source": answer.sources[0].source if answer.sources else None, "text": answer.text}
    retrieve_ms = [timed(assistant.retrieve, case.question, case.history)[0] for case in cases]
    answered = [a for a in answers.values() if a["mode"] != "abstain"]
    return {"chunks": services.knowledge.store.count(), "questions": len(cases), "rounds": rounds,
            "first_ask_after_start_s": round(first_ms / 1000, 2), "ask_first_pass": summarize(passes[0]),
            "ask_repeat_passes": summarize([ms for p in passes[1:] for ms in p]), "ask_all": summarize([ms for p in passes for ms in p]),
            "retrieve": summarize(retrieve_ms),
            "modes": {m: sum(a["mode"] == m for a in answers.values()) for m in ("extractive", "llm", "abstain")},
            "answers_citing_filler_first": sum(bool(a["first_source"] and a["first_source"].startswith("synthetic/")) for a in answered),
            "answers": answers}


def cold_start(data_dir: Path, runs: int) -> dict:
    """Wall time and peak RSS of `python -m bot ask ... --json` in a fresh process.

    The first run starts without the saved search snapshot (as after a change to the knowledge base)
    and saves it; the others load it (a plain restart)."""
    shutil.rmtree(data_dir / "cache", ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("LLM_", "CHROMA_", "DATABASE_URL"))}
    env.update(BOT_DATA_DIR=str(data_dir), KNOWLEDGE_DIR=str(KNOWLEDGE))
    cmd = [sys.executable, "-m", "bot", "ask", COLD_QUESTION, "--json"]
    walls, rss, answer = [], [], None
    for _ in range(runs):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - start)
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            raw = out.read()
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
        rss.append(usage.ru_maxrss / 1024)
        answer = json.loads(raw)
    return {"command": f'python -m bot ask "{COLD_QUESTION}" --json', "runs_s": [round(w, 2) for w in walls],
            "without_cache_s": round(walls[0], 2), "from_cache_median_s": median(walls[1:]) if runs > 1 else None,
            "median_s": median(walls), "peak_rss_mb": round(max(rss), 1), "answer_sources": [s.get("source") for s in answer.get("sources", [])]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help="NFCorpus (BEIR layout) for the filler")
    ap.add_argument("--quick", action="store_true", help="smoke run: ~1k and ~5k chunks, 1 round, 1 cold start")
    ap.add_argument("--rounds", type=int, default=4, help="passes over the question set (pass 1 cold cache, then repeats)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    args = ap.parse_args()
    sizes = (1_000, 5_000) if args.quick else (1_000, 100_000)
    rounds, runs = (2, 2) if args.quick else (args.rounds, 4)
    tmp = Path(tempfile.mkdtemp(prefix="bench-answer-"))
    results: dict = {"command": " ".join([".venv/bin/python", *sys.argv]), "machine": machine(), "synthetic": SYNTHETIC_NOTE, "sizes": {}}
    print(f"temporary data in {tmp}; {results['machine']}", flush=True)
    try:
        for size in sizes:
            res = results["sizes"][str(size)] = {}
            res["build"] = run_isolated(phase_build, tmp / "data", args.dataset, size, tmp / "nfcorpus-vectors.npy")
            print(f"~{size:,} chunks: built {res['build']}", flush=True)
            res["warm"] = run_isolated(phase_measure, tmp / "data", rounds, args.dataset)
            print(f"  warm: { {k: v for k, v in res['warm'].items() if k != 'answers'} }", flush=True)
            res["cold"] = cold_start(tmp / "data", runs)
            print(f"  cold: {res['cold']}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    small, large = (results["sizes"][str(s)]["warm"]["answers"] for s in sizes)
    results["answers_identical_small_vs_large"] = f"{sum(small[i]['text'] == large[i]['text'] for i in small)}/{len(small)}"
    path = save_results("answer-quick" if args.quick else "answer", results)

    print("\n| chunks (knowledge + filler) | ask p50 / p95 ms, 1st pass (distinct questions) | ask p50 / p95 ms, repeat passes | "
          "retrieve p50 / p95 ms | first ask after start s | cold `python -m bot ask`, no saved snapshot s | "
          "cold `python -m bot ask`, snapshot saved, median s | cold peak RSS MB | warm process peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        r = results["sizes"][str(size)]
        b, w, c = r["build"], r["warm"], r["cold"]
        f, rp = w["ask_first_pass"], w["ask_repeat_passes"]
        print(f"| {w['chunks']:,} ({b['knowledge_chunks']} + {b['filler_chunks']:,}) | {f['p50_ms']} / {f['p95_ms']} | "
              f"{rp.get('p50_ms', '-')} / {rp.get('p95_ms', '-')} | {w['retrieve']['p50_ms']} / {w['retrieve']['p95_ms']} | "
              f"{w['first_ask_after_start_s']} | {c['without_cache_s']} | {c['from_cache_median_s']} | {c['peak_rss_mb']:.0f} | "
              f"{w['peak_rss_mb']:.0f} |")
    print(f"answers identical at ~{sizes[0]:,} and ~{sizes[1]:,} chunks: {results['answers_identical_small_vs_large']}; "
          f"modes at the largest size: {w['modes']}; citing filler first: {w['answers_citing_filler_first']}")
    print(f"\n{SYNTHETIC_NOTE}\nsaved {path} (peak RSS of this driver: {peak_rss_mb():.0f} MB)")


if __name__ == "__main__":
    main()

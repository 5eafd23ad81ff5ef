"""Matching benchmark: match latency at 1k/10k/100k synthetic contacts and CSV import throughput.

    .venv/bin/python bench/bench_matching.py [--sizes 1000 10000 100000] [--database-url URL]
                                             [--embed-sample 2000] [--append BENCHMARKS.md]

Contacts are generated (fictional names, `example.org` addresses) and imported through the real CSV
import. Storing embeddings for 100k unique profiles takes the offline model several minutes, so the
bulk imports use a stand-in embedder (deterministic random unit vectors) to time parsing, validation
and database writes; real embedding throughput is measured on a sample and reported next to it.
Queries always use the real model: their latency includes embedding the need.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import KINDS, REGIONS  # noqa: E402
from bot.db.session import make_engine, make_session_factory, migrate, transaction  # noqa: E402
from bot.kb.embedder import DIMENSIONS, MiniLMEmbedder  # noqa: E402
from bot.matching.contacts import embed_profiles, profile_text, seeking_text  # noqa: E402
from bot.matching.importer import import_file  # noqa: E402
from bot.matching.matcher import Matcher  # noqa: E402

TOPICS = """CRISPR gene editing;base editing;prime editing;CAR-T cell therapy;GMP manufacturing;lentiviral vectors;
mRNA vaccines;vaccine adjuvants;antimicrobial resistance;bacteriophage therapy;medical imaging AI;chest CT analysis;
wearable ECG;atrial fibrillation;remote patient monitoring;telemedicine;digital health;type 2 diabetes;obesity;
biobanks;population cohorts;Parkinson's disease;neuroimaging;stem cells;rare diseases;clinical trials;oncology;
lymphoma;heart failure;FDA 510(k);EU MDR;technology transfer;spin-out formation;venture investment;
public research funding;student exchange;COPD;sepsis;microbiome;proteomics;single-cell sequencing;organoids""".split(";")
SERVICES = ["lab placements", "clinical validation", "patient cohort access", "datasets", "consulting", "investment",
            "training", "manufacturing capacity", "trial sites", "assays", "regulatory support", "licensing"]
FIRST = "Alex Birgit Chen Dana Erik Farah Greta Hugo Ines Jon Kaja Lars Mia Noor Oskar Pia Quinn Rosa Sven Tara".split()
LAST = "Adler Berg Cruz Dahl Eng Falk Grant Holm Ito Jensen Kraus Lund Moreau Nyberg Ortiz Park Quist Ruiz Stone Ueda".split()
COUNTRY = {"capital-region-dk": "DK", "region-zealand": "DK", "region-skane": "SE", "massachusetts": "US", "other": "NO"}
NEEDS = [
    "we are a Boston CAR-T manufacturer looking for a Danish hospital to run a clinical trial",
    "Danish digital health startup looking for investors in Boston",
    "researchers in Skåne working on antibiotic resistance",
    "imaging AI startup looking for a Scandinavian hospital with annotated radiology data",
    "partners working on vaccine development, ideally mRNA vaccines",
    "Swedish medtech company needs help with an FDA 510(k) submission",
    "CRISPR gene editing labs in Massachusetts that could host a visiting PhD student from Copenhagen",
    "seed investment for a cell and gene therapy startup",
]


class StandInEmbedder:
    """The database work of an import without the model's cost, with vectors shaped like real ones.

    Each text gets one of a pool of vectors, each the sum of real embeddings of three vocabulary
    phrases plus noise, so contacts cluster by topic as real profiles do; picking one costs a hash.
    """

    def __init__(self, model: MiniLMEmbedder, pool: int = 1024, seed: int = 11) -> None:
        phrases = model.encode([p.lower() for p in TOPICS + SERVICES])
        rng = np.random.default_rng(seed)
        vectors = phrases[rng.integers(0, len(phrases), (pool, 3))].sum(axis=1)
        vectors += 0.3 * rng.standard_normal(vectors.shape) / np.sqrt(DIMENSIONS)
        self.pool = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        picks = [int.from_bytes(hashlib.blake2b(t.encode(), digest_size=4).digest(), "little") % len(self.pool)
                 for t in texts]
        return self.pool[picks]


def write_csv(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    orgs = [f"{rng.choice(LAST)} {rng.choice(['Bio', 'Health', 'Institute', 'Hospital', 'Ventures', 'Labs'])} {i}"
            for i in range(max(1, n // 4))]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("# Synthetic, fictional contacts for benchmarking.\n")
        w = csv.writer(f)
        w.writerow(["name", "email", "organization", "kind", "country", "region", "title", "expertise", "offering",
                    "seeking", "languages", "consent", "slack_user_id", "orcid"])
        for i in range(n):
            region = rng.choice(REGIONS)
            topics = rng.sample(TOPICS, 3)
            w.writerow([
                f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"person{i}@bench{i % 97}.example.org", rng.choice(orgs),
                rng.choice(KINDS), COUNTRY[region], region, f"Specialist {i % 50}", ";".join(topics[:2]),
                f"{topics[0]} {rng.choice(SERVICES)};{rng.choice(SERVICES)}",
                f"{rng.choice(TOPICS)} partners in {rng.choice(['Denmark', 'Sweden', 'the US'])}", "English",
                "yes" if rng.random() < 0.85 else "no", "", f"0000-0001-{i // 10000:04d}-{i % 10000:04d}",
            ])


def embedding_throughput(path: Path, sample: int) -> float:
    """Contacts per second the real model embeds (profile and seeking text, all distinct)."""
    rows = list(csv.DictReader(line for line in path.open(encoding="utf-8") if not line.startswith("#")))[:sample]
    pairs = [(profile_text(r["title"] + f" {i}", r["expertise"].split(";"), r["offering"].split(";")),
              seeking_text([r["seeking"] + f" {i}"])) for i, r in enumerate(rows)]
    embedder = MiniLMEmbedder(batch_size=64)
    embedder.encode(["warm up"])
    started = time.perf_counter()
    embed_profiles(embedder, pairs)
    return len(pairs) / (time.perf_counter() - started)


def run_size(n: int, url: str | None, workdir: Path, query_embedder: MiniLMEmbedder, repeats: int) -> dict:
    """Import n synthetic contacts, then time matches (after the index is loaded once)."""
    path = workdir / f"contacts-{n}.csv"
    write_csv(path, n)
    engine = make_engine(url or f"sqlite:///{workdir / f'bench-{n}.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    started = time.perf_counter()
    with transaction(sessions) as session:
        report = import_file(session=session, path=path, embedder=StandInEmbedder(query_embedder), actor="bench")
    import_seconds = time.perf_counter() - started
    assert report.created == n, (report.created, report.rejected[:3])
    cache = workdir / f"cache-{n}"
    started = time.perf_counter()
    Matcher(sessions=sessions, embedder=query_embedder, cache_dir=cache).index()
    load_seconds = time.perf_counter() - started
    matcher = Matcher(sessions=sessions, embedder=query_embedder, cache_dir=cache)
    started = time.perf_counter()
    matcher.index()
    cached_seconds = time.perf_counter() - started
    matcher.match(NEEDS[0])
    latencies, cpu = [], []
    for _ in range(repeats):
        for need in NEEDS:
            t, c = time.perf_counter(), time.process_time()
            matcher.match(need, limit=5)
            latencies.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    engine.dispose()
    latencies.sort()
    return {"n": n, "import_s": import_seconds, "rows_per_s": n / import_seconds, "load_s": load_seconds,
            "cached_s": cached_seconds,
            "p50": statistics.median(latencies), "p95": latencies[int(0.95 * (len(latencies) - 1))],
            "cpu_p50": statistics.median(cpu),
            "queries": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--database-url", help="PostgreSQL URL (an empty database or schema); default: SQLite files")
    parser.add_argument("--embed-sample", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5, help="rounds over the 8 needs per size")
    parser.add_argument("--embed-threads", type=int, default=0, help="onnxruntime threads (EMBED_THREADS); 0: its default")
    parser.add_argument("--append", type=Path, help="append the results to the Matching section of this Markdown file")
    parser.add_argument("--out", type=Path, help="also write the results as JSON (bench/plots.py reads them)")
    args = parser.parse_args()
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    load = os.getloadavg()
    query_embedder = MiniLMEmbedder(threads=args.embed_threads)
    query_embedder.encode(["warm up"])
    backend = "PostgreSQL" if args.database_url else "SQLite"
    url = _bench_schema(args.database_url) if args.database_url else None
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as tmp:
        for n in args.sizes:
            if url:
                _reset_postgres(url)
            r = run_size(n, url, Path(tmp), query_embedder, args.repeats)
            results.append(r)
            print(f"{n:>7} contacts ({backend}): match p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                  f"CPU time p50 {r['cpu_p50']:.1f} ms "
                  f"({r['queries']} queries); index load {r['load_s']:.2f} s ({r['cached_s']:.2f} s from the cache); "
                  f"import {r['import_s']:.1f} s "
                  f"= {r['rows_per_s']:.0f} rows/s (stand-in embedder)", flush=True)
        sample = Path(tmp) / "sample.csv"
        write_csv(sample, args.embed_sample)
        per_second = embedding_throughput(sample, args.embed_sample)
    print(f"real embedding: {per_second:.0f} contacts/s (profile + seeking, all distinct; "
          f"{100000 / per_second / 60:.1f} min for 100k new profiles)")
    if args.append:
        append_markdown(args.append, results, per_second, backend, load, args.embed_threads)
    if args.out:
        args.out.write_text(json.dumps({
            "command": "python " + " ".join(sys.argv), "date": dt.date.today().isoformat(), "backend": backend,
            "embed_threads": args.embed_threads, "load_average": [round(load[0], 1), round(os.getloadavg()[0], 1)],
            "embeddings_per_second": round(per_second, 1), "sizes": results}, indent=1) + "\n")


def _bench_schema(url: str) -> str:
    """The given PostgreSQL database, in a schema of its own that each size starts afresh."""
    from bot.config import Settings

    url = Settings(_env_file=None, database_url=url).database_url or url
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3Dbench_matching"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import text

    engine = make_engine(url.split("?", 1)[0])
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS bench_matching CASCADE"))
        conn.execute(text("CREATE SCHEMA bench_matching"))
    engine.dispose()


def append_markdown(path: Path, results: list[dict], per_second: float, backend: str, load: tuple,
                    threads: int) -> None:
    """Add a dated block under "## Matching", leaving every other section as it is."""
    command = "python " + " ".join(sys.argv)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}; "
               f"load average {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    threads_label = str(threads) if threads else "onnxruntime's default"
    lines = [f"### {dt.date.today().isoformat()} — {backend}, query embedding threads: {threads_label}", "",
             f"Command: `{command}`  ", f"Machine: {machine}", "",
             "| contacts | match p50 (ms) | match p95 (ms) | CPU time p50 (ms)† | index load (s) | load from cache (s) "
             "| import (s) | import rows/s* |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r['n']:,} | {r['p50']:.1f} | {r['p95']:.1f} | {r['cpu_p50']:.1f} | {r['load_s']:.2f} | "
              f"{r['cached_s']:.2f} | {r['import_s']:.1f} | {r['rows_per_s']:,.0f} |" for r in results]
    lines += ["", f"\\* parsing, validation and database writes, with a stand-in embedder. The real model embeds "
              f"{per_second:.0f} new profiles/s on this machine ({100000 / per_second / 60:.1f} min for 100k new "
              "profiles); unchanged profiles are not re-embedded on re-import.  ",
              "† CPU time of the process per match, all threads summed: less sensitive than wall time to other "
              "work on the machine.", ""]
    path.write_text(_into_section(path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n",
                                  "\n".join(lines) + "\n"), encoding="utf-8")


def _into_section(text: str, block: str, heading: str = "## Matching") -> str:
    """The text with the block appended at the end of the section (created at the end if missing)."""
    padded, marker = "\n" + text, f"\n{heading}\n"
    if marker not in padded:
        return text.rstrip("\n") + f"\n\n{heading}\n\n" + block
    following = padded.find("\n## ", padded.index(marker) + len(marker))
    end = len(padded) if following < 0 else following + 1
    padded = padded[:end].rstrip("\n") + "\n\n" + block + ("\n" + padded[end:] if following >= 0 else "")
    return padded[1:]


if __name__ == "__main__":
    main()

"""Erasure benchmark: how long `contacts forget` takes, step by step, as the contact table grows.

    .venv/bin/python bench/bench_erasure.py [--sizes 1000 10000] [--database-url URL] [--erasures 3]

Synthetic contacts (bench_matching's generator, stand-in embedder) are imported and the matching
cache file written; then several people are forgotten one after another. The steps are timed
apart: the rows (one transaction), the vector cache rewrite, and on SQLite the VACUUM with the
TRUNCATE checkpoint, which rewrites the whole file and so grows with it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.bench_matching import StandInEmbedder, _bench_schema, _reset_postgres, write_csv  # noqa: E402
from bot.db.models import Contact  # noqa: E402
from bot.db.session import make_engine, make_session_factory, migrate, scrub_deleted_data, transaction  # noqa: E402
from bot.kb.embedder import MiniLMEmbedder  # noqa: E402
from bot.matching.forget import forget_contact  # noqa: E402
from bot.matching.importer import import_file  # noqa: E402
from bot.matching.loader import drop_cached_vectors  # noqa: E402
from bot.matching.matcher import Matcher  # noqa: E402


def run_size(n: int, url: str | None, workdir: Path, embedder: MiniLMEmbedder, erasures: int) -> dict:
    path = workdir / f"contacts-{n}.csv"
    write_csv(path, n)
    database = workdir / f"erasure-{n}.sqlite3"
    engine = make_engine(url or f"sqlite:///{database}")
    migrate(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        assert import_file(session=session, path=path, embedder=StandInEmbedder(embedder), actor="bench").created == n
    cache = workdir / f"cache-{n}"
    Matcher(sessions=sessions, embedder=embedder, cache_dir=cache).index()
    size_mb = database.stat().st_size / 2**20 if not url else None
    rows, vectors, scrub = [], [], []
    for i in range(erasures):
        email = f"person{i * 7}@bench{i * 7 % 97}.example.org"
        with sessions() as session:
            contact_id = session.scalar(select(Contact.id).where(Contact.email == email))
        t = time.perf_counter()
        with transaction(sessions) as session:
            assert forget_contact(session=session, email=email, actor="bench")["forgotten"]
        rows.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert drop_cached_vectors(cache, {contact_id}) == 1
        vectors.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert scrub_deleted_data(engine)
        scrub.append(time.perf_counter() - t)
    engine.dispose()
    return {"n": n, "size_mb": size_mb, "rows_s": statistics.median(rows), "vectors_s": statistics.median(vectors),
            "scrub_s": statistics.median(scrub), "erasures": erasures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database-url", help="PostgreSQL URL; default: SQLite files")
    parser.add_argument("--erasures", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    load = os.getloadavg()[0]
    embedder = MiniLMEmbedder(threads=1)
    backend = "PostgreSQL" if args.database_url else "SQLite"
    url = _bench_schema(args.database_url) if args.database_url else None
    with tempfile.TemporaryDirectory(prefix="bench-erasure-") as tmp:
        for n in args.sizes:
            if url:
                _reset_postgres(url)
            r = run_size(n, url, Path(tmp), embedder, args.erasures)
            size = f", file {r['size_mb']:.0f} MB" if r["size_mb"] is not None else ""
            scrub = (f"VACUUM + checkpoint {r['scrub_s'] * 1000:.0f} ms" if not url
                     else "no file step (VACUUM FULL is the operator's)")
            print(f"{n:>7} contacts ({backend}{size}, load {load:.1f}): rows {r['rows_s'] * 1000:.0f} ms, "
                  f"vector cache {r['vectors_s'] * 1000:.0f} ms, {scrub} (median of {r['erasures']} erasures)", flush=True)


if __name__ == "__main__":
    main()

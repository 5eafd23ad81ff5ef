"""`python -m bot eval ...`: retrieval (BEIR), question answering and matching evaluations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import emit_json, friendly_errors, get_services

app = typer.Typer(help="Evaluate retrieval, answers and matching.", no_args_is_help=True)


@app.command("retrieval")
@friendly_errors
def retrieval(
    dataset: Annotated[Path, typer.Option("--dataset", help="Folder in BEIR layout")],
    split: Annotated[str, typer.Option("--split")] = "test",
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or bm25")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """nDCG@10, Recall@10 and MRR@10 of the retrieval pipeline on a BEIR dataset."""
    from bot.evaluation.beir import evaluate, index_corpus, load_beir
    from bot.evaluation.workspace import dataset_knowledge_base

    if mode not in {"hybrid", "dense", "bm25"}:
        raise typer.BadParameter("mode must be hybrid, dense or bm25")
    services = get_services()
    data = load_beir(dataset, split)
    kb = dataset_knowledge_base(services, name=dataset.resolve().name, fingerprint=data.fingerprint)
    started = __import__("time").perf_counter()
    index_corpus(kb, data, progress=(lambda n, t: print(f"\rindexing {n}/{t}", end="", file=sys.stderr)) if sys.stderr.isatty() else None)
    indexed = __import__("time").perf_counter() - started
    result = evaluate(kb, data, mode=mode)
    if as_json:
        emit_json(result)
    else:
        print(f"{dataset.name} [{split}, {mode}]: nDCG@10 {result['ndcg@10']:.4f}  Recall@10 {result['recall@10']:.4f}  "
              f"MRR@10 {result['mrr@10']:.4f}  ({result['queries']} queries, {result['seconds']:.1f} s; index {indexed:.1f} s)")

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


@app.command("qa")
@friendly_errors
def qa(
    dataset: Annotated[Path | None, typer.Option("--dataset", help="Labelled questions (JSONL)")] = None,
    docs: Annotated[list[Path] | None, typer.Option("--docs", help="More documents to index beside KNOWLEDGE_DIR")] = None,
    split: Annotated[str, typer.Option("--split", help="tune, test or all (sets that carry split labels)")] = "all",
    calibrate_threshold: Annotated[bool, typer.Option("--calibrate", help="Suggest the abstention threshold")] = False,
    show_failures: Annotated[bool, typer.Option("--failures/--no-failures", help="List the questions answered wrongly")] = True,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Source, fact, abstention and conflict accuracy of the answers on a labelled question set."""
    from bot.evaluation.qa import DEFAULT_SET, calibrate, evaluate_qa, load_cases
    from bot.kb.indexing import index_paths

    if split not in {"tune", "test", "all"}:
        raise typer.BadParameter("split must be tune, test or all")
    from bot.evaluation.workspace import dataset_knowledge_base, evaluation_assistant, files_fingerprint

    services = get_services()
    kdir = services.settings.knowledge_dir
    paths = [kdir, *(docs or [])]
    # The evaluation's documents go into a knowledge base of their own, never into the one users ask.
    set_path = dataset or DEFAULT_SET
    kb = dataset_knowledge_base(services, name=f"qa-{set_path.stem}",
                                fingerprint=files_fingerprint(paths) + ("-ex" if services.settings.include_examples else ""))
    report = index_paths(kb, paths, knowledge_dir=kdir, include_examples=services.settings.include_examples)
    if report.failed:
        for failure in report.failed:
            print(f"failed to index {failure['path']}: {failure['error']}", file=sys.stderr)
        raise typer.Exit(1)
    cases = load_cases(set_path, split)
    assistant = evaluation_assistant(services, kb)
    result = calibrate(assistant, cases) if calibrate_threshold else evaluate_qa(assistant, cases)
    if as_json:
        emit_json(result)
        return
    if calibrate_threshold:
        print(f"threshold {result['threshold']} (highest unanswerable {result['max_unanswerable_score']}; "
              f"{result['answerable_kept']}/{result['answerable']} answerable kept)")
        return

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    print(f"{(dataset or DEFAULT_SET).name} [{split}]: right source first {pct(result['source_accuracy'])}  "
          f"fact in first 300 chars {pct(result['fact_accuracy'])}  answerable confident {pct(result['answerable_confident'])}  "
          f"unanswerable declined {pct(result['unanswerable_declined'])} ({result['unanswerable_abstained']}/{result['unanswerable']})  "
          f"conflicts {pct(result['conflicts_correct'])} of {result['conflicts']}  "
          f"({result['questions']} questions, {result['seconds']} s)")
    if show_failures:
        for f in result["failures"]:
            print(f"  {f['id']} [{f['kind']}] {','.join(f['failed'])}: {f['question']}\n"
                  f"      cited {f['cited'][:3]} (expected {f['expected']}), score {f['score']}: {f['answer'][:200]}")


@app.command("match")
@friendly_errors
def match(
    dataset: Annotated[Path | None, typer.Option("--dataset", help="Labelled needs (JSON lines)")] = None,
    contacts: Annotated[Path | None, typer.Option("--contacts", help="The contact CSV the labels refer to")] = None,
    split: Annotated[str, typer.Option("--split", help="tune, test or all (needs carry a \"split\")")] = "all",
    details: Annotated[bool, typer.Option("--details", help="Also list the needs that missed")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Precision@3, hit@3, peer-free@3 and honest no-match answers on labelled needs.

    Defaults: eval/match_eval.jsonl over data/sample_contacts.csv; the held-out set is
    eval/heldout/match.jsonl over eval/heldout/contacts.csv.
    """
    from bot.evaluation.matching import evaluate

    services = get_services()
    result = evaluate(embedder=services.embedder, needs_path=dataset, contacts_path=contacts, split=split)
    if as_json:
        emit_json(result.as_contract())
        return
    if details:
        for r in result.results:
            problems = [p for p, bad in (("missed the expected contact", r.hit_first is False),
                                         (f"peers/excluded in top 3: {', '.join(r.unwanted)}", r.peer_free is False),
                                         ("no honest no-match answer", r.honest is False),
                                         ("answered 'no close match' though someone fits", bool(r.false_no_match))) if bad]
            if problems:
                print(f"  {r.id}: {r.need}\n      {'; '.join(problems)}\n      got {', '.join(r.found) or '-'}")
    print(metrics_line(result.metrics) + f"  [{result.split}, {result.needs} needs, {result.seconds:.1f} s]")


def metrics_line(metrics: dict) -> str:
    shown = [(name, metrics.get(name)) for name in ("precision@3", "hit@3", "hit_any@3", "peer_free@3", "clean@3",
                                                    "honest_no_match", "false_no_match")]
    return "  ".join(f"{name} {value:.4f}" for name, value in shown if value is not None)

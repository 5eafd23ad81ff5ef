"""Draw the benchmark figures as PNG files from the JSON results in bench/results/.

    .venv/bin/pip install -e ".[bench]"      # matplotlib
    .venv/bin/python bench/plots.py [--results bench/results]

Each figure is drawn only when its results exist; the script says which it skipped and why.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt  # noqa: E402

SERVER = "server (chroma run, same files)"


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def retrieval_latency(results: Path) -> "plt.Figure | None":
    kb, answer = _load(results / "kb.json"), _load(results / "answer.json")
    if not kb:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.2))
    sizes = sorted(int(n) for n in kb["retrieval"])
    series = [("hybrid, embedded", "embedded", "hybrid", "C0", "-"), ("hybrid, Chroma server", SERVER, "hybrid", "C0", "--"),
              ("BM25 alone (bm25s)", "embedded", "bm25_alone", "C1", "-"),
              ("dense only, LangChain retriever", "embedded", "dense_langchain", "C2", "-")]
    for label, backend, key, colour, style in series:
        ys = [kb["retrieval"][str(n)][backend][key]["p50_ms"] for n in sizes]
        p95 = [kb["retrieval"][str(n)][backend][key]["p95_ms"] for n in sizes]
        ax.plot(sizes, ys, style, marker="o", color=colour, label=f"{label}, p50")
        ax.fill_between(sizes, ys, p95, color=colour, alpha=0.08)
    if answer:
        a_sizes = sorted(int(n) for n in answer["sizes"])
        ax.plot([answer["sizes"][str(n)]["warm"]["chunks"] for n in a_sizes],
                [answer["sizes"][str(n)]["warm"]["ask_first_pass"]["p50_ms"] for n in a_sizes],
                ":", marker="s", color="C3", label="extractive answer (retrieval included), p50")
    ax.set(xscale="log", xlabel="chunks in the knowledge base", ylabel="milliseconds (shaded up to p95)",
           title="Search and answer latency against knowledge-base size")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def matching_latency(results: Path) -> "plt.Figure | None":
    runs = sorted(results.glob("matching-*.json"))
    if not runs:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for i, path in enumerate(runs):
        run = json.loads(path.read_text())
        sizes = [r["n"] for r in run["sizes"]]
        threads = run["embed_threads"] or "default"
        label = f"{run['backend']}, {threads} embedding thread{'s' if threads != 1 else ''}"
        ax.plot(sizes, [r["p50"] for r in run["sizes"]], marker="o", color=f"C{i}", label=f"{label}, p50")
        ax.plot(sizes, [r["p95"] for r in run["sizes"]], "--", marker=".", color=f"C{i}", alpha=0.6, label=f"{label}, p95")
    ax.set(xscale="log", xlabel="contacts", ylabel="milliseconds per match", title="Match latency against contact-list size")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def ack_distribution(results: Path) -> "plt.Figure | None":
    runs = [(p, _load(p)) for p in sorted(results.glob("load_slack-*.json"))]
    runs = [(p, r) for p, r in runs if r and r.get("deliveries")]
    if not runs:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for i, (path, run) in enumerate(runs):
        acks = sorted(d["ack_ms"] for d in run["deliveries"])
        share = [(k + 1) / len(acks) for k in range(len(acks))]
        ax.step(acks, share, where="post", color=f"C{i}",
                label=f"{run['processes']} process{'es' if run['processes'] > 1 else ''}, {run['storage']} "
                      f"(n={len(acks)}, p99 {run['ack']['p99_ms']:.0f} ms)")
    ax.axvline(3000, color="red", linestyle=":", label="Slack's limit, 3 s")
    ax.set(xscale="log", xlabel="acknowledgement latency, ms (log scale)", ylabel="share of requests acknowledged",
           title=f"Slack ack latency: {runs[0][1]['events']} events in bursts of {runs[0][1]['burst']}, each also retried")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return fig


FIGURES = {"latency-vs-chunks.png": retrieval_latency, "latency-vs-contacts.png": matching_latency,
           "slack-ack-distribution.png": ack_distribution}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()
    for name, draw in FIGURES.items():
        fig = draw(args.results)
        if fig is None:
            print(f"skipped {name}: no results for it in {args.results}")
            continue
        fig.tight_layout()
        fig.savefig(args.results / name, dpi=110)
        plt.close(fig)
        print(f"wrote {args.results / name}")


if __name__ == "__main__":
    main()

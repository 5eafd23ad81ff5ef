import json

import pytest

from bot.errors import InvalidInput
from bot.evaluation.beir import evaluate, index_corpus, load_beir, score_ranking
from bot.evaluation.workspace import dataset_knowledge_base


def make_dataset(root):
    docs = {
        "d1": ("Vitamin D and bone health", "Vitamin D supplements improve calcium absorption and bone density in older adults."),
        "d2": ("Statins", "Statins lower LDL cholesterol and reduce the risk of heart attack."),
        "d3": ("Green tea", "Green tea catechins were studied for weight loss with mixed results."),
        "d4": ("Sleep", "Short sleep is linked to obesity and insulin resistance."),
    }
    (root / "qrels").mkdir(parents=True)
    with (root / "corpus.jsonl").open("w") as fh:
        for doc_id, (title, text) in docs.items():
            fh.write(json.dumps({"_id": doc_id, "title": title, "text": text}) + "\n")
    queries = {"q1": "does vitamin d help bones", "q2": "cholesterol lowering drugs", "q3": "unjudged query"}
    with (root / "queries.jsonl").open("w") as fh:
        for qid, text in queries.items():
            fh.write(json.dumps({"_id": qid, "text": text}) + "\n")
    (root / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t2\nq2\td2\t1\nq2\td4\t0\n")
    return root


def test_metrics_on_a_small_dataset(tmp_path, services):
    data = load_beir(make_dataset(tmp_path / "ds"), "dev")
    assert set(data.queries) == {"q1", "q2"}  # queries without judgments are not scored
    kb = dataset_knowledge_base(services, name="tiny", fingerprint=data.fingerprint)
    assert index_corpus(kb, data) == 4
    result = evaluate(kb, data)
    assert result["ndcg@10"] == 1.0 and result["mrr@10"] == 1.0 and result["recall@10"] == 1.0
    assert result["queries"] == 2
    for mode in ("dense", "bm25"):
        assert evaluate(kb, data, mode=mode)["mrr@10"] == 1.0


def test_score_ranking_uses_graded_gains():
    perfect = score_ranking(["a", "b"], {"a": 2, "b": 1})
    swapped = score_ranking(["b", "a"], {"a": 2, "b": 1})
    assert perfect["ndcg@10"] == pytest.approx(1.0)
    assert 0 < swapped["ndcg@10"] < 1
    assert score_ranking(["x", "a"], {"a": 1})["mrr@10"] == 0.5
    assert score_ranking(["x"], {"a": 1}) == {"ndcg@10": 0.0, "recall@10": 0.0, "mrr@10": 0.0}


def test_missing_files_are_reported(tmp_path):
    with pytest.raises(InvalidInput, match="corpus.jsonl"):
        load_beir(tmp_path, "test")

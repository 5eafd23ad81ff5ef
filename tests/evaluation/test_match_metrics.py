"""What the matching evaluation counts: hit@3, peer-free@3 and honest no-match answers, need by need."""

from __future__ import annotations

from bot.evaluation.match_metrics import LabelledNeed, score, summary


def _need(**kw) -> LabelledNeed:  # noqa: ANN003
    return LabelledNeed(**{"id": "n", "need": "x", "relevant": ["a", "b"], "category": "self_described", **kw})


def test_hit_counts_the_expected_contact_first_and_any_relevant_contact():
    second_only = score(_need(), ["b", "x", "y"], [False] * 3, None)
    assert second_only.hit_first is False and second_only.hit_any is True and second_only.precision == 1 / 3
    assert score(_need(), ["x", "y", "b", "a"], [False] * 4, None).hit_first is False  # fourth is out of the top 3
    assert score(_need(), ["x", "a"], [False] * 2, None).hit_first is True


def test_a_peer_or_excluded_contact_in_the_top_3_is_counted():
    need = _need(peers=["p"], excluded=["e"])
    assert score(need, ["a", "p", "b"], [False] * 3, None).peer_free is False
    assert score(need, ["a", "e"], [False] * 2, None).unwanted == ["e"]
    assert score(need, ["a", "b", "c", "p"], [False] * 4, None).peer_free is True
    assert score(_need(), ["a"], [False], None).peer_free is None  # no peers named: not counted


def test_an_honest_no_match_is_a_note_with_nothing_or_only_marked_near_matches_and_no_peers():
    nobody = _need(relevant=[], no_match=True, category="no_match", peers=["p"])
    assert score(nobody, [], [], "nobody fits").honest is True
    assert score(nobody, [], [], None).honest is False
    assert score(nobody, ["c", "d"], [True, True], "closest").honest is True
    assert score(nobody, ["c", "d"], [True, False], "closest").honest is False  # one sold as a fit
    assert score(nobody, ["c", "p"], [True, True], "closest").honest is False  # filled with a peer
    assert score(nobody, ["c"], [True], None).honest is False


def test_the_summary_counts_each_metric_over_the_needs_it_applies_to():
    results = [score(_need(peers=["p"]), ["a"], [False], None),
               score(_need(peers=["p"], category="plain"), ["p", "a"], [False, False], None),
               score(_need(relevant=[], no_match=True, category="no_match"), [], [], "nobody")]
    metrics = summary(results)
    assert metrics["hit@3"] == 1.0 and metrics["peer_free@3"] == 1.0 and metrics["clean@3"] == 0.5
    assert metrics["honest_no_match"] == 1.0 and metrics["false_no_match"] == 0.0
    assert metrics["counts"] == {"needs": 3, "with_relevant": 2, "self_described": 1, "with_peers_or_excluded": 2,
                                 "no_match": 1}

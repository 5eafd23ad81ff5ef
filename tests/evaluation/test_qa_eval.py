from bot.evaluation.qa import DEFAULT_SET, calibrate, evaluate_qa, load_cases


def test_labelled_set_meets_the_targets(indexed_services):
    cases = load_cases(DEFAULT_SET)
    assert len(cases) >= 30
    assert sum(not c.answerable for c in cases) >= 5 and any(c.history for c in cases)
    result = evaluate_qa(indexed_services.assistant, cases)
    # Measured 0.884 (was 0.907 before answers began to decline questions whose particular term, such as
    # "NIH", no document uses; those now say what is missing instead of answering confidently).
    assert result["source_accuracy"] >= 0.88, result["failures"]
    assert result["answerable_confident"] >= 0.95, result["failures"]
    assert result["unanswerable_abstained"] == result["unanswerable"], result["failures"]
    # The fact must now stand in the first 300 characters, not anywhere in the answer.
    assert result["fact_accuracy"] >= 0.75, result["failures"]


def test_configured_threshold_matches_calibration(indexed_services):
    result = calibrate(indexed_services.assistant, load_cases(DEFAULT_SET))
    threshold = indexed_services.settings.abstain_threshold
    # The shipped threshold refuses every unanswerable question of the set and keeps the answerable ones.
    assert threshold > result["max_unanswerable_score"]
    kept = sum(1 for score, ok in result["scores"] if ok and score >= threshold)
    assert kept == result["answerable_kept"]

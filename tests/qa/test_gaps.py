from bot.db.models import UnansweredQuestion
from bot.db.session import transaction
from bot.qa.gaps import find_gaps


def test_gaps_group_near_duplicates_and_count_downvotes(indexed_services):
    svc = indexed_services
    with transaction(svc.sessions) as session:
        for question in ("Is there parking at the secretariat office?", "Where can I park my car at the secretariat?",
                         "Parking at the secretariat office?", "Who won the 2022 World Cup?"):
            session.add(UnansweredQuestion(question=question, surface="slack"))
    answer = svc.assistant.ask("How much is the grant per month?")
    svc.assistant.record_feedback(answer.answer_id, rating=-1, user_ref="slack:U1", comment="which grant?")
    gaps = find_gaps(svc.sessions, svc.embedder)
    assert [(g.count, g.unanswered, g.downvoted) for g in gaps] == [(3, 3, 0), (1, 1, 0), (1, 0, 1)] or \
        [(g.count, g.unanswered, g.downvoted) for g in gaps] == [(3, 3, 0), (1, 0, 1), (1, 1, 0)]
    assert "park" in gaps[0].question.lower() and len(gaps[0].variants) == 3
    assert any(g.question == "How much is the grant per month?" for g in gaps)

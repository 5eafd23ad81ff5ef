"""A sentence that says a figure has changed ("now has 24 places") names the older document's figure it
replaced, even where that document states it more generally or the question asks for no figure."""

import pytest

from tests.qa.documents import index_beside_knowledge

RETREAT_FAQ = """---
title: Writing retreats 2027 - frequently asked questions
updated: 2026-06-22
---
## How many places are there?

Each retreat has 20 places. Half of the places are reserved for participants from Massachusetts.

## When are the retreats?

The spring retreat runs from 8 March to 12 March 2027 at a retreat centre on the north coast of Zealand.
"""
GREEN_GUIDE = """---
title: Green lab certification guide
updated: 2025-09-22
---
## Rewards

Certification is free. Labs that reach gold receive DKK 10,000 towards energy-efficient equipment.
"""
BULLETIN = """---
title: Collaboration bulletin, November 2026
updated: 2026-11-27
---
## Writing retreats

Demand for the spring writing retreat has been high, so the spring retreat now has 24 places.

## Green labs

Labs that reach the gold level now receive DKK 15,000 towards energy-efficient equipment.
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs",
                                  {"retreat-faq.md": RETREAT_FAQ, "green-guide.md": GREEN_GUIDE, "bulletin.md": BULLETIN})


def test_a_general_rule_of_an_older_document_is_named_beside_the_change_for_one_case(svc):
    # The FAQ's "Each retreat has 20 places" does not say "spring", yet it is the figure the bulletin replaced.
    answer = svc.assistant.ask("how many places at the spring writing retreat")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert answer.text.index("24 places") < answer.text.index("20 places")
    assert [s.source for s in answer.superseded] == ["retreat-faq.md"]


def test_a_question_asking_no_figure_still_learns_that_the_figure_changed(svc):
    answer = svc.assistant.ask("what do labs get for reaching green lab gold")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert answer.text.index("DKK 15,000") < answer.text.index("DKK 10,000")
    assert [(s.source, s.updated) for s in answer.superseded] == [("green-guide.md", "2025-09-22")]


def test_a_change_with_no_older_statement_names_no_document(svc):
    answer = svc.assistant.ask("when does the spring writing retreat run?")
    assert answer.confident and answer.sources[0].source == "retreat-faq.md", answer.text
    assert answer.superseded == []


def test_a_sentence_opening_with_the_date_a_figure_starts_to_hold_announces_a_change():
    from bot.qa.conflicts import announces_change

    assert announces_change("From 1 January 2027 a paper poster in A0 costs DKK 440.")
    assert announces_change("Labs that reach the gold level now receive DKK 15,000.")
    assert not announces_change("The course runs from 1 March 2027 to 5 March 2027.")
    assert not announces_change("Each retreat has 20 places.")

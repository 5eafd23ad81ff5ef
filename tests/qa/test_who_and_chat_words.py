""""Who runs it?" is answered by the sentence naming a person, not the introduction that reads more like the
question; chat clippings ("collab", "PI", "quant") are the words the documents write in full; an amount asked
"in usd" is an amount question."""

import pytest

from bot.qa.answer_types import asked_kinds
from tests.qa.documents import index_beside_knowledge

CLINIC = """---
title: Harbour statistics clinic - how to get help
updated: 2026-02-10
---
## About the clinic

The Harbour Statistics Clinic gives statistical advice to joint projects of the collaboration.
The clinic is led by Dr. Ylva Brandström in Lund.

## Confidentiality

Your principal investigator is not told that you asked the clinic for help.

## Office hours

| Topic | Expert | When |
|---|---|---|
| Survival analysis | Tobias Lindqvist | Mondays 10:00-12:00 |
| Sample size | Hanna Ekdahl | Thursdays 13:00-15:00 |

## Prices

Label-free quantification costs DKK 2,500 per sample.
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs", {"stats-clinic.md": CLINIC})


def test_who_runs_it_is_answered_by_the_sentence_naming_the_person(svc):
    answer = svc.assistant.ask("who runs the harbour statistics clinic?")
    assert answer.confident and answer.sources[0].source == "stats-clinic.md", answer.text
    assert "Ylva Brandström" in answer.text[:120]


def test_a_table_row_naming_an_expert_answers_who(svc):
    answer = svc.assistant.ask("who at the statistics clinic can i talk to about sample size?")
    assert answer.confident and "Hanna Ekdahl" in answer.text[:200], answer.text


def test_chat_clippings_are_read_as_the_documents_words(svc):
    answer = svc.assistant.ask("if i ask the stats clinic for help, does my PI get told?")
    assert answer.confident and "principal investigator is not told" in answer.text, answer.text


def test_an_amount_asked_in_a_currency_the_documents_do_not_give_is_answered_in_part(svc):
    assert "amount" in asked_kinds("label-free quant per sample in usd?")
    answer = svc.assistant.ask("label-free quant per sample in usd?")
    assert not answer.confident and "DKK 2,500" in answer.text, answer.text


ROUTES = """---
title: Speaker travel caps
updated: 2026-05-25
---
## Travel caps

| From | To | Travel covered up to | Hotel nights |
|---|---|---|---|
| Lund or Malmö | Boston area | DKK 9,500 | 3 |
| Boston area | Lund or Malmö | DKK 10,000 | 4 |
"""


@pytest.fixture
def routes(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "routes", {"speaker-travel.md": ROUTES})


def test_a_route_asked_is_answered_by_the_row_in_that_direction(routes):
    there = routes.assistant.ask("max travel cap for a speaker flying lund -> boston?")
    assert "DKK 9,500" in there.text[:120], there.text
    back = routes.assistant.ask("travel cap for a speaker going from boston to lund?")
    assert "DKK 10,000" in back.text[:120], back.text

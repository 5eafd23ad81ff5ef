"""Answers from a service's FAQ and web page: a name the headings give, short periods, measured amounts,
and paragraphs the page's source wraps mid-sentence."""

import pytest

from tests.qa.documents import index_beside_knowledge

FAQ = """---
title: Shared computing for joint projects
updated: 2025-10-06
---
## Who can get a Nordlys project?

A principal investigator of a joint project can open one.

## What happens when the joint project ends?

The project stays open for 90 days after the end date given in the request.

## How much storage is there?

Each project gets 25 TB of backed-up project storage.
"""
DESK = b"""<html><head><title>Regulatory advice desk</title><meta name="date" content="2025-05-02"></head><body>
<h2>First meeting</h2>
<p>Every eligible organisation can have one free introductory meeting of 45 minutes per product.</p>
<h2>What the desk does not do</h2>
<p>The desk gives advice only. It does not act as an authorised representative, and it does not submit
documents to notified bodies or to the FDA on a company's behalf.</p>
<h2>Prices</h2>
<table><tr><th>Service</th><th>Price</th></tr>
<tr><td>EU MDR classification</td><td>DKK 4,500</td></tr>
<tr><td>FDA pre-submission review</td><td>USD 950</td></tr></table>
</body></html>"""

PROGRAMME = """---
title: Clinical observership programme 2027
updated: 2026-05-04
---
## Places

The programme offers 20 observerships in 2027, spread over the partner hospitals.

## Length

An observership lasts between two and six weeks.
"""
NOTICE = """Subject: Observership programme 2027 - changes
Last updated: 2026-11-23

The programme now offers 28 observerships in 2027, because two further hospitals have joined.
An observership now lasts between two and eight weeks.
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs", {
        "computing-faq.md": FAQ, "regulatory-desk.html": DESK, "observerships.md": PROGRAMME,
        "observership-notice.txt": NOTICE})


@pytest.mark.parametrize(("question", "source", "fact"), [
    # The sentence says "the project"; the page's headings say whose.
    ("How long does my Nordlys project stay open after the joint project has ended?", "computing-faq.md", "90 days"),
    ("How long is the free first meeting with the regulatory desk?", "regulatory-desk.html", "45 minutes"),
    ("how much project storage do we get on nordlys", "computing-faq.md", "25 TB"),
    # Wrapped in the page's source, the sentence is still one sentence.
    ("Will the regulatory desk submit our 510(k) to the FDA for us?", "regulatory-desk.html",
     "does not submit documents to notified bodies or to the FDA"),
    ("how much does an MDR classification cost at the reg desk?", "regulatory-desk.html", "DKK 4,500"),
], ids=["name-in-headings", "minutes", "terabytes", "wrapped-html", "clipped-word"])
def test_the_sentence_that_answers_is_quoted_confidently(svc, question, source, fact):
    answer = svc.assistant.ask(question)
    assert answer.confident and answer.sources[0].source == source, answer.text
    assert fact in answer.text[:300]


def test_a_place_the_headings_do_not_give_is_still_missing(svc):
    answer = svc.assistant.ask("How long does a Nordlys project in Stockholm stay open?")
    assert not answer.confident


def test_two_documents_counting_differently_answer_with_the_newer_count_and_name_the_older(svc):
    answer = svc.assistant.ask("How many observerships are there in 2027?")
    assert answer.confident and answer.sources[0].source == "observership-notice.txt", answer.text
    assert answer.text.index("28 observerships") < answer.text.index("20 observerships")
    assert [s.source for s in answer.superseded] == ["observerships.md"]


def test_a_yes_no_question_naming_a_period_is_decided_by_the_newer_rule(svc):
    answer = svc.assistant.ask("can I do a 7 week observership?")
    assert answer.confident and answer.sources[0].source == "observership-notice.txt", answer.text
    assert answer.text.index("two and eight weeks") < answer.text.index("two and six weeks")


@pytest.mark.parametrize("question", ["How many products has the regulatory desk helped so far?",
                                      "how many observerships were given out last year?"])
def test_a_question_about_what_happened_is_not_answered_by_a_rule(svc, question):
    answer = svc.assistant.ask(question)
    assert not answer.confident, answer.text

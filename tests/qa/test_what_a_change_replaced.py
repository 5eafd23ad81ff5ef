"""A notice's change replaces the figure it names: another figure of the older guide is no rival of it; a price
the notice says is unchanged still holds; a code asked ("A1") is not answered by another code's new price."""

import pytest

from tests.qa.documents import index_beside_knowledge

SEARCH_GUIDE = """---
title: Literature search service - guide
updated: 2026-03-20
---
## Timeline

You will get a first draft of the search strategy within four weeks of the kick-off meeting, and you have two weeks to comment on it.
The final searches are delivered within six weeks of the kick-off meeting.

## Booths

A standard booth costs DKK 12,000 for companies and DKK 4,000 for start-ups.

## Prints

An A0 poster costs DKK 390 and an A1 poster costs DKK 260.

## Machines

| Machine | Price per hour | Longest booking |
|---|---|---|
| Laser cutter | SEK 150 | 3 hours |
| CNC mill | SEK 220 | 4 hours |
"""
SEARCH_NOTICE = """---
title: Literature search service - changes from 2027
updated: 2026-11-20
---
## Timeline

The final searches will now be delivered within five weeks of the kick-off meeting instead of six.

## Booths

A standard booth for a start-up now costs DKK 5,000; the company price is unchanged.

## Prints

From 1 January 2027 an A0 poster costs DKK 440; the other prices stay the same.

## Machines

The laser cutter now costs SEK 180 per hour.
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs", {
        "search-guide.md": SEARCH_GUIDE, "search-notice.md": SEARCH_NOTICE})


def test_a_changed_period_is_no_rival_of_another_period_of_the_older_guide(svc):
    answer = svc.assistant.ask("after the kickoff, when do we get the first draft of the search strategy?")
    assert answer.confident and answer.sources[0].source == "search-guide.md", answer.text
    assert "four weeks" in answer.text[:200] and not answer.superseded
    final = svc.assistant.ask("how long until the final searches are delivered after the kick-off?")
    assert final.sources[0].source == "search-notice.md" and "five weeks" in final.text[:200], final.text
    assert [s.source for s in final.superseded] == ["search-guide.md"]


def test_a_price_the_notice_says_is_unchanged_is_answered_from_the_older_guide(svc):
    answer = svc.assistant.ask("booth price for a big company?")
    assert answer.confident and answer.sources[0].source == "search-guide.md", answer.text
    assert "DKK 12,000" in answer.text[:200] and not answer.superseded
    startup = svc.assistant.ask("how much is a booth for a start-up?")
    assert startup.sources[0].source == "search-notice.md" and "DKK 5,000" in startup.text[:200], startup.text


def test_the_new_price_of_one_size_is_no_rival_of_the_size_asked(svc):
    answer = svc.assistant.ask("how much is an A1 poster?")
    assert answer.confident and answer.sources[0].source == "search-guide.md", answer.text
    assert "DKK 260" in answer.text and not answer.superseded


def test_a_size_nobody_prices_is_not_answered_with_another_size(svc):
    answer = svc.assistant.ask("how much is an A2 poster?")
    assert not answer.confident, answer.text


def test_the_longest_booking_asks_for_a_period_not_the_new_price(svc):
    answer = svc.assistant.ask("longest i can book the laser cutter in one go?")
    assert answer.confident and answer.sources[0].source == "search-guide.md", answer.text
    assert "3 hours" in answer.text and not answer.superseded

"""A newer document that announces a change without repeating the old figure still names the older document;
the date a change takes effect is no rival of the thing asked; an amount asked in another currency is not
given as if it were; a rule saying no decides a yes/no question stated more narrowly than the rule."""

import pytest

from tests.qa.documents import index_beside_knowledge

COURSE_GUIDE = """---
title: Grant writing course 2027
updated: 2026-04-10
---
## Fee

The fee is DKK 11,000 per participant and is paid by the participant's department.

## Programme

| Module | Dates | Venue |
|---|---|---|
| Module 1 | 18-19 January 2027 | Online |
| Module 2 | 5-7 May 2027 | Linnevik University, Malmö |
"""
SEMINAR_FAQ = """---
title: Harbour seminars - frequently asked questions
updated: 2025-08-30
---
## When are the seminars?

Seminars take place on the first Thursday of every month from 16:00 to 17:00 Copenhagen time, which is 10:00 to 11:00 in Boston.

## How many guests can come?

Each seminar has room for at most 30 guests; later sign-ups go on a waiting list.

## Counselling

The seminar counsellors do not write sick notes, do not prescribe medication and do not give legal advice.

## Workshop

Parts made in the seminar workshop may not be used on patients or study participants, not even in a pilot study.
"""
MEDIA_GUIDE = """---
title: Media training 2027
updated: 2026-05-02
---
## Cancellation

You can cancel free of charge up to one week before the module; after that your department pays a no-show fee of DKK 500.
"""
BULLETIN = """---
title: Collaboration bulletin, December 2026
updated: 2026-12-01
---
## Grant writing course

Thanks to support from the regions, the fee for the 2027 grant writing course has been reduced to DKK 9,000 per participant.
Module 2 in Malmö has been moved to 3-5 May 2027.

## Harbour seminars

From the March 2027 seminar, each seminar has room for up to 50 guests, because the seminars move to a larger hall.
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs", {
        "course-guide.md": COURSE_GUIDE, "seminar-faq.md": SEMINAR_FAQ, "media-guide.md": MEDIA_GUIDE,
        "bulletin.md": BULLETIN})


def test_a_reduced_fee_names_the_older_fee_and_not_another_programme_s_fee(svc):
    answer = svc.assistant.ask("grant writing course fee 2027 in dkk?")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert answer.text.index("DKK 9,000") < answer.text.index("DKK 11,000")
    assert [s.source for s in answer.superseded] == ["course-guide.md"]


def test_a_moved_module_names_the_older_programme_row(svc):
    answer = svc.assistant.ask("when is the malmö module of the grant writing course?")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert "3-5 May 2027" in answer.text[:120]
    assert [s.source for s in answer.superseded] == ["course-guide.md"]


def test_a_new_capacity_from_a_date_on_names_the_older_limit(svc):
    answer = svc.assistant.ask("how many people can come to a harbour seminar?")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert answer.text.index("50 guests") < answer.text.index("30 guests")
    assert [s.source for s in answer.superseded] == ["seminar-faq.md"]


def test_the_date_a_change_takes_effect_is_no_rival_of_the_seminar_times(svc):
    answer = svc.assistant.ask("what time are the harbour seminars for people in boston?")
    assert answer.confident and answer.sources[0].source == "seminar-faq.md", answer.text
    assert "10:00 to 11:00 in Boston" in answer.text and not answer.superseded


def test_an_amount_asked_in_another_currency_is_answered_in_part(svc):
    answer = svc.assistant.ask("how much is the grant writing course fee in sek?")
    assert not answer.confident, answer.text
    assert "SEK" in answer.text and "DKK 9,000" in answer.text


def test_a_rule_saying_no_decides_a_narrower_yes_no_question(svc):
    answer = svc.assistant.ask("could the harbour seminar counsellor sign me off sick for a week?")
    assert answer.confident and answer.sources[0].source == "seminar-faq.md", answer.text
    assert "do not write sick notes" in answer.text


def test_a_rule_saying_no_covers_the_thing_it_names_more_generally(svc):
    answer = svc.assistant.ask("can i make mouthpieces in the seminar workshop for the participants of our pilot study?")
    assert answer.confident and answer.sources[0].source == "seminar-faq.md", answer.text
    assert "may not be used on patients or study participants" in answer.text


RACKS = """---
title: Shared freezer racks
updated: 2025-06-01
---
## Sites and prices

| Site | City | Price per rack per year |
|---|---|---|
| Ormhavn Hospital | Copenhagen | DKK 1,700 |
| Quarry Hill Institute | Boston | USD 250 |

## Visits

A host visit lasts two to four days.
"""
RACK_NEWS = """---
title: Freezer and visits news, December 2026
updated: 2026-12-02
---
## Freezers

A rack in the freezers at Ormhavn Hospital now costs DKK 2,000 per year, because the freezers there were replaced.

## Visits

Hosts can now apply as late as six weeks before the visit.

## Open day

The open-day panel on careers has been moved from 13:00 to 14:00 Copenhagen time.
"""
OPEN_DAY = """---
title: Freezer open day 2027
updated: 2026-09-01
---
## When and where

The open day takes place on Friday 16 April 2027 from 10:00 to 15:00 at Ormhavn Hospital.
"""


@pytest.fixture
def racks(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "racks", {
        "racks.md": RACKS, "rack-news.md": RACK_NEWS, "open-day.md": OPEN_DAY})


def test_a_new_price_for_one_site_is_no_rival_of_another_site_s_price(racks):
    answer = racks.assistant.ask("how much for a freezer rack at quarry hill per year?")
    assert answer.confident and answer.sources[0].source == "racks.md", answer.text
    assert "USD 250" in answer.text and not answer.superseded
    changed = racks.assistant.ask("ormhavn freezer rack price per year?")
    assert changed.sources[0].source == "rack-news.md" and "DKK 2,000" in changed.text[:150], changed.text
    assert [s.source for s in changed.superseded] == ["racks.md"]


def test_a_period_of_notice_does_not_answer_how_long_something_lasts(racks):
    answer = racks.assistant.ask("how long can a host visit be?")
    assert answer.confident and answer.sources[0].source == "racks.md", answer.text
    assert "two to four days" in answer.text[:100]


def test_a_panel_moved_to_another_hour_is_no_rival_of_the_day_of_the_event(racks):
    answer = racks.assistant.ask("what date is the freezer open day?")
    assert answer.confident and answer.sources[0].source == "open-day.md", answer.text
    assert "16 April 2027" in answer.text and not answer.superseded

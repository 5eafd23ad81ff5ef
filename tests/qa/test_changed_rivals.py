"""A newer sentence saying the answer's own figure changed ("up from DKK 25,000") names the fact asked; a
still newer sentence that is merely alike (another grant's maximum) does not answer."""

import pytest

from tests.qa.documents import index_beside_knowledge

GUIDE = """---
title: Public Voices small grants for patient and public involvement (PPI)
updated: 2026-03-30
---
## How much

A Public Voices grant is worth up to DKK 25,000 per project, or up to USD 3,600 for projects led from Massachusetts.

## Paying contributors

Public contributors are paid a fixed rate of DKK 300 per hour in Denmark and Sweden, or USD 45 per hour in
Massachusetts.
"""
NOTICE = """Subject: Public Voices small grants: changes from 1 January 2027
Last updated: 2026-11-24

1. Larger grants. A Public Voices grant is now worth up to DKK 30,000 per project (up from DKK 25,000).
2. Pay. Public contributors in Denmark and Sweden are now paid DKK 350 per hour.
"""
BULLETIN = """---
title: Collaboration bulletin, December 2026
updated: 2026-12-02
---
## Seed grants

From the 2027 call, a seed grant can be worth up to DKK 300,000 per project.

## Lighthouse prize

Videos in the short-video category of the Lighthouse prize may now be up to 4 minutes long.
"""
PRIZE = """---
title: Lighthouse science-communication prize 2027
updated: 2026-06-29
---
## Categories

- Short video — Who can enter: early-career researchers; Format and length: video of at most 3 minutes; Prize: DKK 20,000
- Essay — Who can enter: everyone; Format and length: at most 1,500 words; Prize: DKK 15,000
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs",
                                  {"guide.md": GUIDE, "notice.txt": NOTICE, "bulletin.md": BULLETIN,
                                   "prize.md": PRIZE})


def test_the_sentence_that_replaces_the_figure_answers_not_the_newest_alike_one(svc):
    answer = svc.assistant.ask("whats the max for a public voices ppi grant now?")
    assert answer.confident and answer.sources[0].source == "notice.txt", answer.text
    assert "DKK 30,000" in answer.text and "300,000" not in answer.text
    assert [s.source for s in answer.superseded] == ["guide.md"]


def test_a_limit_asked_without_its_unit_is_compared_like_any_figure(svc):
    answer = svc.assistant.ask("max length for the short video category?")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert answer.text.index("4 minutes") < answer.text.index("3 minutes")
    assert [s.source for s in answer.superseded] == ["prize.md"]


def test_a_newer_figure_for_another_place_is_no_rival(svc):
    answer = svc.assistant.ask("what do public contributors in mass. get paid per hour?")
    assert answer.confident and answer.sources[0].source == "guide.md", answer.text
    assert "USD 45" in answer.text.split("[1]")[0] and not answer.superseded

"""Answers that need a row the question names, a time that holds the month asked, or a change stated by the
newer document about a passage that does not repeat the service's name."""

import pytest

from bot.kb.indexing import index_paths
from bot.kb.retrieval import Hit
from bot.qa.assistant import _naming_what_kept_lack
from tests.conftest import KNOWLEDGE
from tests.qa.documents import index_beside_knowledge

PROGRAMME = """---
title: Transatlantic Grand Rounds programme 2027
updated: 2026-08-24
---
## About the Grand Rounds

The Transatlantic Grand Rounds are a monthly online meeting where a clinical department from one side of the
Atlantic presents cases to colleagues on the other side. The sessions are held on the first Thursday of each month.
They start at 15:00 Copenhagen time (09:00 in Boston) and last one hour.

## Programme January to June 2027

- 7 January 2027 — Topic: Screening for atrial fibrillation; Presenting department: Nordsund Heart Centre
- 4 February 2027 — Topic: Toxicity after CAR-T therapy; Presenting department: Bayshore Cancer Institute
- 4 March 2027 — Topic: Carbapenem-resistant infections; Presenting department: Pemberton Institute of Infectious Disease
- 1 April 2027 — Topic: Delirium on geriatric wards; Presenting department: Fjordby Hospital

## How to join

Participation is free, but registration is required. Each session is limited to 300 participants.
Departments that want to present send a proposal at least eight weeks before the session. The Grand Rounds are
chaired jointly by Dr Jonas Ekstrand (Linnevik University Hospital) and Dr Rebecca Whitcombe (Kestrel Heart Institute).
"""
DESK = """---
title: Regulatory advice desk
updated: 2025-05-19
---
## About the desk

The Regulatory Advice Desk helps companies, hospitals and research groups prepare medical devices for approval.

## Who can book

The desk is open to companies with fewer than 250 employees that are based in Region Skåne, Region Zealand or the
Capital Region of Denmark. Large companies cannot book sessions with the desk; they are asked to contact the
consultancies directly.
"""
BULLETIN = """---
title: Operations bulletin December 2026
updated: 2026-12-09
---
## Grand Rounds

From February 2027 the Grand Rounds start at 16:00 Copenhagen time (10:00 in Boston), because many clinicians
in Boston could not join at the old time.

## Shared computing

From 1 January 2027 the standard Sundhav allocation is raised from 200,000 to 300,000 core hours per calendar year.

## Office closure

The secretariat's offices are closed from 24 December 2026 to 1 January 2027.
"""
COMPUTING = """---
title: Shared computing FAQ
updated: 2025-10-06
---
## What is it?

Sundhav is the shared computing service of the joint projects.

## How much computing time does a project get?

Every new project gets a standard allocation of 200,000 core hours per calendar year on the general partition.
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs", {
        "programme.md": PROGRAMME, "bulletin.md": BULLETIN, "computing.md": COMPUTING, "desk.md": DESK})


def test_the_row_of_the_month_asked_answers_who_presents(svc):
    answer = svc.assistant.ask("Which department is presenting at the March grand round?")
    assert answer.confident, answer.text
    assert "Pemberton Institute" in answer.text[:300]


def test_a_time_from_an_earlier_month_answers_a_later_month_and_names_the_older_programme(svc):
    answer = svc.assistant.ask("What time do the Grand Rounds start in March 2027?")
    assert answer.confident and answer.sources[0].source == "bulletin.md", answer.text
    assert "16:00" in answer.text[:200]
    assert [s.source for s in answer.superseded] == ["programme.md"]


def test_a_holiday_is_answered_by_the_dates_it_falls_in(svc):
    answer = svc.assistant.ask("When is the secretariat closed over Christmas?")
    assert answer.confident and "24 December 2026" in answer.text, answer.text


def test_a_raise_names_the_older_document_though_its_passage_omits_the_service_name(svc):
    answer = svc.assistant.ask("How many core hours does a standard Sundhav project get per year?")
    assert answer.confident and answer.text.startswith("Now 300,000 (before: 200,000)"), answer.text
    assert [s.source for s in answer.superseded] == ["computing.md"]


def test_a_month_nobody_covers_is_still_said_to_be_missing(svc):
    answer = svc.assistant.ask("Which department is presenting at the September grand round?")
    assert not answer.confident and "September" in answer.text


def test_the_words_every_passage_shares_do_not_decide_which_sentence_answers(svc):
    # "Grand Rounds" stands in the bulletin's sentence on the new time too; "chairs" decides.
    answer = svc.assistant.ask("Who chairs the Transatlantic Grand Rounds?")
    assert answer.confident and "Ekstrand" in answer.text[:300], answer.text


def test_a_yes_no_question_after_a_self_description_is_answered_by_the_rule_for_the_region(svc):
    answer = svc.assistant.ask("We're a medtech company in Malmö with about 400 staff. Can we book the regulatory advice desk?")
    assert answer.confident, answer.text
    assert "Large companies cannot book" in answer.text[:300] or "fewer than 250 employees" in answer.text[:300]


def _hit(source: str, text: str) -> Hit:
    return Hit(chunk_id=f"{source}:{text[:10]}", text=text, metadata={"source": source}, score=1.0)


def test_a_passage_over_the_per_document_cap_is_read_when_only_it_has_the_name_asked():
    kept = [_hit("programme.md", "About the Grand Rounds"), _hit("programme.md", "3 June 2027: Granhavn"),
            _hit("other.md", "Nominations close on 26 March 2027.")]
    rows = _hit("programme.md", "4 March 2027: Pemberton Institute")
    unrelated = _hit("programme.md", "Recordings are kept for 30 days.")
    # "March" stands in another document's passage, not in those kept of the programme: the row is read too.
    assert _naming_what_kept_lack("Who presents at the March grand round?", kept, [unrelated, rows]) == [rows]
    # An ordinary word the kept passages lack brings in nothing.
    assert _naming_what_kept_lack("how long are recordings kept?", kept, [unrelated]) == []


BOOTCAMP = """---
title: Clinical data science bootcamp 2027
updated: 2026-06-29
---
## Fees

Participants employed at a public hospital, university or region in the four regions pay a fee of DKK 6,500.
Participants from companies pay DKK 18,000.
"""
BOOTCAMP_NEWS = """---
title: Operations bulletin November 2026
updated: 2026-11-30
---
## Bootcamp

The fee for participants from companies is now DKK 21,000.
"""


def test_a_newer_fee_for_another_sector_is_no_rival_of_the_fee_asked(indexed_services, tmp_path):
    docs = tmp_path / "bootcamp"
    docs.mkdir()
    (docs / "bootcamp.md").write_text(BOOTCAMP, encoding="utf-8")
    (docs / "news.md").write_text(BOOTCAMP_NEWS, encoding="utf-8")
    assert not index_paths(indexed_services.knowledge, [KNOWLEDGE, docs], knowledge_dir=KNOWLEDGE).failed
    answer = indexed_services.assistant.ask("what does the bootcamp cost if i work at a regional hospital")
    assert answer.confident and answer.sources[0].source == "bootcamp.md", answer.text
    assert answer.text.startswith("Participants employed at a public hospital") and not answer.superseded
    companies = indexed_services.assistant.ask("what does the bootcamp cost for participants from companies?")
    assert companies.sources[0].source == "news.md" and "DKK 21,000" in companies.text[:100], companies.text
    assert [s.source for s in companies.superseded] == ["bootcamp.md"]

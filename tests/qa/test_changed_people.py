"""Who holds a role changes like a fee does: the newer document's person answers and the older one is named.
A newer notice worded far from the question is still found, by searching with the older answer."""

import pytest

from tests.qa.documents import index_beside_knowledge

GUIDE = """---
title: Shared microscopy core - user guide
updated: 2026-02-10
---
## Contact

The core coordinator is Ingrid Dalsgaard at Fyrholm University (scope@example.org), who also handles questions
about bookings and invoices.

## Prices

One hour on the light-sheet microscope costs DKK 700 for public partners.

## Training

The core is led by Professor Tomas Hjelm, who runs the training days.
"""
NOTICE = """Subject: Changes to the microscopy core from 1 January 2027
Last updated: 2026-11-20

Dear users,

1. New staff. Ingrid Dalsgaard has moved to a research post. The new core coordinator is Sune Vestergaard,
   who can be reached at the usual address.
2. Prices. Light-sheet time becomes more expensive next year: DKK 820 an hour.
"""
PRINT = """---
title: Print room
updated: 2026-11-25
---
## Contact

The print coordinator is Halvard Nyborg (prints@example.org).
"""


@pytest.fixture
def svc(indexed_services, tmp_path):
    return index_beside_knowledge(indexed_services, tmp_path / "docs",
                                  {"core-guide.md": GUIDE, "core-notice.txt": NOTICE, "print-room.md": PRINT})


def test_the_newer_documents_person_answers_and_the_older_one_is_named(svc):
    answer = svc.assistant.ask("who do i ask abt our microscopy core invoice, who's the coordinator now")
    assert answer.confident, answer.text
    assert answer.sources[0].source == "core-notice.txt", answer.text
    assert answer.text.index("Sune Vestergaard") < answer.text.index("Ingrid Dalsgaard")
    assert [(s.source, s.updated) for s in answer.superseded] == [("core-guide.md", "2026-02-10")]


def test_a_person_in_another_role_is_no_rival(svc):
    # The print room's page is the newest and names a coordinator, but of something else.
    answer = svc.assistant.ask("who is the print coordinator?")
    assert answer.confident and answer.sources[0].source == "print-room.md", answer.text
    assert "Halvard Nyborg" in answer.text
    assert answer.superseded == []
    assert "Ingrid" not in answer.text and "Sune" not in answer.text


def test_names_are_told_from_organisations_and_the_person_replaced():
    from bot.qa.people import person_names, person_roles

    sentence = "Ingrid Dalsgaard has moved to a research post. The new core coordinator is Sune Vestergaard."
    assert person_names(sentence) == {"p:sune vestergaard"}
    assert person_names(sentence, stale=True) == {"p:ingrid dalsgaard"}
    assert person_names("Rasmus Holt takes over from Ylva Berg.", stale=True) == {"p:ylva berg"}
    assert person_names("The course is run by Fyrholm University Hospital in Lund.") == set()
    assert person_roles("The print coordinator is Halvard Nyborg.") == {"coordinator"}
    assert person_roles("The core is led by Professor Tomas Hjelm.") == {"lead"}

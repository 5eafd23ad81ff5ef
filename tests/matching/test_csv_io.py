"""Reading and writing the contact CSV: validation, line numbers, encodings, round trips."""

from __future__ import annotations

import io

import pytest

from bot.errors import InvalidInput
from bot.matching.csv_io import COLUMNS, EXPORT_COLUMNS, read_contacts, write_contacts
from tests.conftest import SAMPLE_CONTACTS

HEADER = ",".join(COLUMNS)
GOOD = "Ada Lind,ada@lab.example.org,Lind Lab,researcher,DK,capital-region-dk,PI,CRISPR;stem cells,lab placements,US partners,Danish;English,yes,U1,0000-0002-1825-0097"


def read(text: str):  # noqa: ANN201
    return read_contacts(text.encode("utf-8"), source="test.csv")


def test_sample_file_has_sixty_fictional_contacts_and_no_bad_rows():
    rows, rejected = read_contacts(SAMPLE_CONTACTS.read_bytes())
    assert rejected == []
    assert len(rows) >= 60
    assert all(r.email.split("@")[1].split(".")[-2] in {"example"} for r in rows)
    assert rows[0].line == 3  # a comment line, then the header


def test_rows_are_parsed_into_typed_fields():
    (row,), rejected = read(f"{HEADER}\n{GOOD}\n")
    assert rejected == []
    assert row.line == 2
    assert row.expertise == ["CRISPR", "stem cells"] and row.languages == ["Danish", "English"]
    assert row.consent is True and row.orcid == "0000-0002-1825-0097" and row.slack_user_id == "U1"


@pytest.mark.parametrize(("row", "reason"), [
    (",nobody@lab.example.org,,researcher,DK,capital-region-dk,,,,,,yes,,", "name is missing"),
    ("Bo,not-an-email,,researcher,DK,capital-region-dk,,,,,,yes,,", "invalid email"),
    ("Bo,bo@@lab.example.org,,researcher,DK,capital-region-dk,,,,,,yes,,", "invalid email"),
    ("Bo,bo@localhost,,researcher,DK,capital-region-dk,,,,,,yes,,", "invalid email"),
    ("Bo,bo@lab.example.org,,wizard,DK,capital-region-dk,,,,,,yes,,", "unknown kind 'wizard'"),
    ("Bo,bo@lab.example.org,,researcher,DK,jutland,,,,,,yes,,", "unknown region 'jutland'"),
    ("Bo,bo@lab.example.org,,researcher,DK,capital-region-dk,,,,,,maybe,,", "consent must be yes or no"),
    ("Bo,bo@lab.example.org,,researcher,DK,capital-region-dk,,,,,,yes,,1234", "ORCID '1234' is not of the form"),
    ("Bo,bo@lab.example.org,,researcher,DK,capital-region-dk,,,,,,yes", "has 12 fields, the header has 14"),
])
def test_bad_rows_are_rejected_with_their_line_and_reason(row, reason):
    rows, rejected = read(f"# a comment\n{HEADER}\n{GOOD}\n{row}\n")
    assert [r.email for r in rows] == ["ada@lab.example.org"]
    assert len(rejected) == 1 and rejected[0].line == 4
    assert reason in rejected[0].error


def test_unknown_kind_message_lists_the_valid_kinds():
    _, (rejected,) = read(f"{HEADER}\nBo,bo@lab.example.org,,wizard,DK,other,,,,,,yes,,\n")
    assert "researcher, company, hospital, university, investor, public, staff" in rejected.error


def test_line_numbers_are_physical_lines_even_after_multiline_fields():
    multiline = GOOD.replace(",PI,", ',"Head of\nthe lab",', 1)
    bad = "Bo,bad-email,,researcher,DK,other,,,,,,yes,,"
    rows, rejected = read(f"# one\n# two\n{HEADER}\n{multiline}\n{bad}\n")
    assert rows[0].line == 4 and rows[0].title == "Head of the lab"
    assert rejected[0].line == 6


def test_fake_orcid_checksums_are_accepted_and_urls_normalised():
    row = GOOD.replace("0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0098")
    (parsed,), rejected = read(f"{HEADER}\n{row}\n")
    assert rejected == [] and parsed.orcid == "0000-0002-1825-0098"


def test_emails_are_lower_cased_and_duplicates_in_one_file_rejected():
    twice = GOOD.replace("ada@lab", "ADA@Lab")
    rows, rejected = read(f"{HEADER}\n{GOOD}\n{twice}\n")
    assert [r.email for r in rows] == ["ada@lab.example.org"]
    assert rejected[0].line == 3 and "line 2" in rejected[0].error


def test_values_are_trimmed_and_lists_deduplicated():
    row = "  Ada  Lind ,ada@lab.example.org,Lind Lab,Researcher,dk,Capital-Region-DK,, CRISPR ; crispr;;stem cells ,,,,YES,,"
    (parsed,), _ = read(f"{HEADER}\n{row}\n")
    assert parsed.name == "Ada Lind" and parsed.kind == "researcher" and parsed.region == "capital-region-dk"
    assert parsed.expertise == ["CRISPR", "stem cells"] and parsed.country == "DK" and parsed.consent


def test_a_file_that_is_not_utf8_is_refused_as_a_whole():
    data = f"{HEADER}\n{GOOD}\n".replace("Ada", "Åse").encode("latin-1")
    with pytest.raises(InvalidInput, match=r"not UTF-8 .*line 2.*Nothing was imported"):
        read_contacts(data, source="people.csv")


def test_a_byte_order_mark_is_accepted():
    rows, rejected = read_contacts(("\ufeff" + f"{HEADER}\n{GOOD}\n").encode("utf-8"))
    assert len(rows) == 1 and rejected == []


def test_missing_columns_are_listed():
    header = HEADER.replace("kind,", "").replace("region,", "")
    with pytest.raises(InvalidInput, match="lacks the column\\(s\\) kind, region"):
        read(f"{header}\n")


def test_a_semicolon_separated_file_gets_a_hint():
    with pytest.raises(InvalidInput, match="use ','"):
        read(HEADER.replace(",", ";") + "\n")


def test_an_empty_file_is_refused():
    with pytest.raises(InvalidInput, match="no header"):
        read("# only a comment\n")


def test_export_writes_the_import_format_back():
    rows, _ = read_contacts(SAMPLE_CONTACTS.read_bytes())
    out = io.StringIO()
    count = write_contacts(out, [vars(r) for r in rows])
    assert count == len(rows)
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(EXPORT_COLUMNS)
    again, rejected = read(text)
    assert rejected == []
    strip = lambda r: {k: v for k, v in vars(r).items() if k != "line"}  # noqa: E731
    assert [strip(r) for r in again] == [strip(r) for r in rows]

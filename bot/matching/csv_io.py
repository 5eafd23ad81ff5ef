"""The contact CSV of the contract: reading with per-row validation, and writing the same format.

Reading never touches the database: it turns a file into valid rows and rejected lines, so the
import can then write everything in one transaction, and a bad file changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TextIO

from bot.config import KINDS, REGIONS
from bot.errors import InvalidInput

COLUMNS = ("name", "email", "organization", "kind", "country", "region", "title", "expertise", "offering",
           "seeking", "languages", "consent", "slack_user_id", "orcid")
# Identifiers only some contacts have; every other column of the contract must be in the header.
OPTIONAL_COLUMNS = ("slack_user_id", "orcid", "teams_user_id", "last_verified")
# Export writes every column import reads, so moving to a new database keeps Teams links and review dates.
EXPORT_COLUMNS = (*COLUMNS, "teams_user_id", "last_verified")
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
LIST_FIELDS = ("expertise", "offering", "seeking", "languages")

# The HTML specification's e-mail pattern, with a dot required in the domain.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.I)
_CONSENT = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False, "": False}
_LIMITS = {"name": 200, "email": 320, "organization": 300, "title": 300, "country": 60, "slack_user_id": 40,
           "teams_user_id": 200}


@dataclass
class ContactRow:
    line: int
    name: str
    email: str
    kind: str
    region: str
    organization: str | None = None
    country: str | None = None
    title: str | None = None
    expertise: list[str] = field(default_factory=list)
    offering: list[str] = field(default_factory=list)
    seeking: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    consent: bool = False
    slack_user_id: str | None = None
    teams_user_id: str | None = None
    orcid: str | None = None
    last_verified: datetime | None = None


@dataclass
class Rejected:
    line: int
    error: str

    def as_dict(self) -> dict:
        return {"line": self.line, "error": self.error}


def valid_email(value: str) -> bool:
    local = value.split("@", 1)[0]
    return (len(value) <= 254 and bool(_EMAIL.match(value)) and not local.startswith(".")
            and not local.endswith(".") and ".." not in local)


def split_list(value: str | None) -> list[str]:
    """`;`-separated items, trimmed, empty and repeated items dropped."""
    seen: dict[str, str] = {}
    for item in (value or "").split(";"):
        item = " ".join(item.split())
        if item and item.lower() not in seen:
            seen[item.lower()] = item
    return list(seen.values())


def decode(data: bytes, source: str) -> str:
    # UTF-16 ("Unicode text" from Excel) and binary files such as a workbook are full of NUL bytes;
    # the reason is then the encoding, not the columns a UTF-8 reading would complain about.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise InvalidInput(f"{source} is not UTF-8 text (it looks like UTF-16 or a binary file such as an Excel "
                           "workbook); save it as UTF-8 CSV and import it again. Nothing was imported.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(f"{source} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                           "save it as UTF-8 CSV and import it again. Nothing was imported.") from None


def read_contacts(data: bytes, *, source: str = "the file") -> tuple[list[ContactRow], list[Rejected]]:
    """Valid rows and rejected lines; line numbers are physical lines of the file, counting from 1."""
    text = decode(data, source)
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].lstrip().startswith("#") or not lines[skipped].strip()):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:]), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidInput(f"{source} has no header row; expected: {','.join(COLUMNS)}") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        hint = " (the file seems to use ';' between columns; use ',')" if len(header) == 1 and ";" in header[0] else ""
        raise InvalidInput(f"{source} lacks the column(s) {', '.join(missing)}{hint}; expected header: {','.join(COLUMNS)}")
    rows: list[ContactRow] = []
    rejected: list[Rejected] = []
    seen_email: dict[str, int] = {}
    seen_orcid: dict[str, int] = {}
    previous_end = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = skipped + reader.line_num
            raise InvalidInput(f"{source}, line {line}: unreadable CSV ({exc}). Nothing was imported.") from None
        line = skipped + previous_end + 1
        previous_end = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            last = skipped + previous_end
            # An unclosed quote reads every following line into one field; say so, or they vanish unexplained.
            hint = f" (it runs to line {last}: is a quote not closed?)" if last > line else ""
            rejected.append(Rejected(line, f"has {len(record)} fields, the header has {len(header)}{hint}"))
            continue
        row_or_error = _validate(dict(zip(header, record)), line)
        if isinstance(row_or_error, str):
            rejected.append(Rejected(line, row_or_error))
            continue
        row = row_or_error
        if row.email in seen_email:
            rejected.append(Rejected(line, f"e-mail {row.email} already appears on line {seen_email[row.email]}"))
            continue
        if row.orcid and row.orcid in seen_orcid:
            rejected.append(Rejected(line, f"ORCID {row.orcid} already appears on line {seen_orcid[row.orcid]}"))
            continue
        seen_email[row.email] = line
        if row.orcid:
            seen_orcid[row.orcid] = line
        rows.append(row)
    return rows, rejected


def _validate(raw: dict[str, str], line: int) -> ContactRow | str:
    """A valid row, or the reason it is rejected (the first problem found)."""
    value = {k: " ".join((v or "").split()) for k, v in raw.items()}
    if not value.get("name"):
        return "name is missing"
    email = value.get("email", "").lower()
    if not email:
        return "email is missing"
    if not valid_email(email):
        return f"invalid email {value.get('email')!r}"
    kind = value.get("kind", "").lower()
    if kind not in KINDS:
        return f"unknown kind {value.get('kind')!r} (valid: {', '.join(KINDS)})"
    region = value.get("region", "").lower()
    if region not in REGIONS:
        return f"unknown region {value.get('region')!r} (valid: {', '.join(REGIONS)})"
    consent = _CONSENT.get(value.get("consent", "").lower())
    if consent is None:
        return f"consent must be yes or no, not {value.get('consent')!r}"
    for name, limit in _LIMITS.items():
        if len(value.get(name, "")) > limit:
            return f"{name} is longer than {limit} characters"
    orcid = None
    if value.get("orcid"):
        match = _ORCID.match(value["orcid"])
        if not match:
            return f"ORCID {value['orcid']!r} is not of the form 0000-0000-0000-000X"
        orcid = match.group(1).upper()
    verified = None
    if value.get("last_verified"):
        try:
            verified = datetime.fromisoformat(value["last_verified"])
        except ValueError:
            return f"last_verified {value['last_verified']!r} is not a date (YYYY-MM-DD)"
        verified = verified if verified.tzinfo else verified.replace(tzinfo=timezone.utc)
    return ContactRow(
        line=line, name=value["name"], email=email, kind=kind, region=region,
        organization=value.get("organization") or None, country=(value.get("country") or "").upper() or None,
        title=value.get("title") or None, consent=consent, orcid=orcid, last_verified=verified,
        slack_user_id=value.get("slack_user_id") or None, teams_user_id=value.get("teams_user_id") or None,
        **{name: split_list(raw.get(name)) for name in LIST_FIELDS},
    )


def _timestamp(value: datetime | None) -> str:
    if value is None:
        return ""
    # SQLite hands timestamps back without their zone; they were stored in UTC.
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def write_contacts(out: TextIO, contacts: Iterable[dict]) -> int:
    """Write the contract's CSV (header first, no comment line) with EXPORT_COLUMNS; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for c in contacts:
        writer.writerow([
            c["name"], c["email"], c.get("organization") or "", c["kind"], c.get("country") or "", c["region"],
            c.get("title") or "", *(";".join(c.get(name) or []) for name in LIST_FIELDS),
            "yes" if c.get("consent") else "no", c.get("slack_user_id") or "", c.get("orcid") or "",
            c.get("teams_user_id") or "", _timestamp(c.get("last_verified")),
        ])
        count += 1
    return count

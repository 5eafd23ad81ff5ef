"""A document's `updated` date, from whatever its format offers, as YYYY-MM-DD.

Conflicting documents are ordered by this date, so a value that cannot be read is `None`
(undated), never a guess.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DMY = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
_MDY = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
# "Last updated: 2025-03-14", "Updated 14 March 2025", "Last revised: March 14, 2025" near the top of a text.
_STATED = re.compile(r"\b(?:last\s+)?(?:updated|revised|modified)\s*(?:on)?\s*[:\-–]?\s*(.{6,30})", re.I)


def normalise(value) -> str | None:  # noqa: ANN001
    """YYYY-MM-DD from a date, a datetime or a string holding one; None when there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_MDY, "mdy")):
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if order == "ymd":
                return dt.date(int(a), int(b), int(c)).isoformat()
            if order == "dmy":
                return dt.date(int(c), _MONTHS[b.lower()], int(a)).isoformat()
            return dt.date(int(c), _MONTHS[a.lower()], int(b)).isoformat()
        except ValueError:
            return None
    return None


def stated_in_text(text: str, head_chars: int = 1500) -> str | None:
    """A "Last updated: …" line near the start of the text (plain text and PDF documents)."""
    for m in _STATED.finditer(text[:head_chars]):
        found = normalise(m.group(1))
        if found:
            return found
    return None


def from_http_header(value: str | None) -> str | None:
    """The date of an HTTP `Last-Modified` header (RFC 7231 format)."""
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None

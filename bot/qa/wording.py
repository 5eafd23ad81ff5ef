"""The sentences the assistant adds around quoted text, in one place for every surface."""

from __future__ import annotations

import re

EXAMPLE_LABEL = "(example document, not an official rule)"
_ROW = re.compile(r"^-?\s*(?P<key>[^—\n]{2,80}?) — (?P<cells>.+)$", re.M)


def cite(sentence: str, n: int, *, example: bool = False) -> str:
    """Put the citation before the closing punctuation: "... 12 months [1]."; label an example's words."""
    sentence = sentence.rstrip()
    label = f" {EXAMPLE_LABEL}" if example else ""
    if sentence and sentence[-1] in ".!?":
        return f"{sentence[:-1]} [{n}]{label}{sentence[-1]}"
    return f"{sentence} [{n}]{label}"


def source_note(updated: str | None, example: bool) -> str:
    """What a source list says beside a document: its date, and that it is only an example."""
    parts = [f"updated {updated}"] if updated else []
    if example:
        parts.append("example document, not an official rule")
    return " · ".join(parts)


def listing(items: list[str]) -> str:
    # One word can give two terms ("scRNA-seq": "scrna" and "seq"); it is named once.
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def change_lead(now: str, before: str, n: int) -> str:
    """The figure that holds first, when the quoted sentence names the old one before it."""
    return f"Now {now} (before: {before}) [{n}]."


def superseded_note(title: str, updated: str | None, sentence: str, n: int) -> str:
    when = f"updated {updated}" if updated else "undated"
    return f"An older document, “{title}” ({when}), gives another figure: “{sentence.rstrip('.')}” [{n}]."


def undecided_note(title: str, updated: str | None, sentence: str, n: int, staff_contact: str) -> str:
    when = f"updated {updated}" if updated else "undated"
    return (f"Another document, “{title}” ({when}), gives a different figure: “{sentence.rstrip('.')}” [{n}]. "
            f"I cannot tell which is current; please check with {staff_contact}.")


def partial_answer(passage: str, missing: list[str], closest: str, n: int, question: str = "") -> str:
    """E.g. "The documents give the daily rate for Boston, Copenhagen and Malmö, not for Stockholm." """
    what = listing(missing)
    rows = [(m.group("key").strip(), _cells(m.group("cells"))) for m in _ROW.finditer(passage)]
    rows = [(k, c) for k, c in rows if c]
    if len(rows) >= 2:
        column = _column(rows, question)
        keys = [k for k, cells in rows if column in cells]
        shown = listing(keys[:6] + ([f"{len(keys) - 6} more"] if len(keys) > 6 else []))
        if column.endswith("?") or len(column.split()) > 6:  # a header that is a question reads badly as a noun
            return f"The documents list {shown}, not {what} [{n}]."
        return f"The documents give the {column[:1].lower() + column[1:]} for {shown}, not for {what} [{n}]."
    return f"The documents do not say this for {what}. The closest they give: {cite(closest, n)}"


def _cells(text: str) -> dict[str, str]:
    cells = {}
    for part in text.split("; "):
        name, sep, value = part.partition(": ")
        if sep:
            cells[name.strip()] = value.strip()
    return cells


def _column(rows: list[tuple[str, dict[str, str]]], question: str) -> str:
    """The column the question is about: the one sharing most words with it, else the first with figures."""
    columns = list(dict.fromkeys(c for _, cells in rows for c in cells))
    words = set(re.findall(r"\w+", question.lower()))
    by_words = max(columns, key=lambda c: len(words & set(re.findall(r"\w+", c.lower()))))
    if words & set(re.findall(r"\w+", by_words.lower())):
        return by_words
    with_figures = [c for c in columns if any(re.search(r"\d", cells.get(c, "")) for _, cells in rows)]
    return (with_figures or columns)[0]


def decline(staff_contact: str, missing: list[str] | None = None) -> str:
    gap = f"don't mention {listing(missing)}" if missing else "don't cover this"
    return (f"I don't know: the collaboration's documents {gap}. "
            f"Please ask {staff_contact}; I have passed your question on so the answer can be added.")

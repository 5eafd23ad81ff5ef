"""The figures a sentence states (amounts, dates, periods, counts), and which of them a change replaced.

"raised from DKK 12,000 to DKK 15,000" states one figure that holds (DKK 15,000) and one that no longer
does; two documents are compared on the figures that hold.
"""

from __future__ import annotations

import re

from bot.qa.answer_types import AMOUNT, CLOCK, DATE, DURATION, NUMBER_WORDS, WHOLE_NUMBER

_NUMBER_VALUES = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100"}


def _number_words_as_digits(text: str) -> str:
    """"five working days" and "5 working days" are one figure."""
    return re.sub(r"\b[a-z]+\b", lambda m: _NUMBER_VALUES.get(m.group(0), m.group(0)), text)


_CURRENCY_FIGURE = re.compile(r"\b(DKK|SEK|NOK|USD|EUR|GBP)\s?\d|\d[\d,.]*\s?(DKK|SEK|NOK|USD|EUR|GBP)\b|(US\$|\$|€|£)\s?\d")
_SIGNS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP"}


def currencies_of(sentence: str) -> set[str]:
    """The currencies a sentence states amounts in: "DKK 30,000 (USD 4,300)" gives DKK and USD."""
    return {m.group(1) or m.group(2) or _SIGNS[m.group(3)] for m in _CURRENCY_FIGURE.finditer(sentence)}


# "How much is the grant in SEK?": the currency asked for, where the amounts found are in another one.
_IN_CURRENCY = re.compile(r"\bin (dkk|sek|usd|eur|nok|gbp|euros?|(?:us |american )?dollars|(?:danish )?kroner|"
                          r"(?:swedish )?kronor)\b", re.I)
_CURRENCY_CODES = {"euro": "EUR", "euros": "EUR", "dollars": "USD", "kroner": "DKK", "kronor": "SEK"}


def currency_not_given(question: str, kinds: set[str], answer: list[str]) -> str | None:
    """The currency the question asks the amount in, when the answer's amounts are all in other currencies."""
    if "amount" not in kinds:
        return None
    asked = _IN_CURRENCY.search(question)
    if asked is None:
        return None
    word = asked.group(1).lower().split()[-1]
    code = _CURRENCY_CODES.get(word, word.upper())
    given = set().union(*(currencies_of(text) for text in answer))
    return code if given and code not in given else None


def figures(sentence: str) -> set[str]:
    """The amounts, dates and durations a sentence states, normalised for comparison."""
    found: set[str] = set()
    for m in AMOUNT.finditer(sentence):
        digits = re.sub(r"[^\d]", "", m.group(0))
        if digits:
            found.add("n:" + digits.lstrip("0"))
    for m in DATE.finditer(sentence):
        found.add("d:" + _number_words_as_digits(re.sub(r"(st|nd|rd|th)\b", "", m.group(0).lower())).replace(" ", ""))
    for m in DURATION.finditer(sentence):
        found.add("t:" + re.sub(r"\s+", "", _number_words_as_digits(m.group(0).lower())).rstrip("s"))
    # "start at 16:00": the time of an event is part of when it is; "22 February 2027, 14:00" is one date.
    dated = [(m.start(), m.end() + len(_DATE_TAIL.match(sentence[m.end():]).group(0))) for m in DATE.finditer(sentence)]
    for m in CLOCK.finditer(sentence):
        if not any(a <= m.start() < b for a, b in dated):
            found.add(f"d:{int(m.group(1))}:{m.group(2)}")
    # "offers 28 observerships": a number that counts, where it is not part of an amount, date or period.
    taken = [m.span() for p in (AMOUNT, DATE, DURATION, CLOCK) for m in p.finditer(sentence)]
    for m in WHOLE_NUMBER.finditer(sentence):
        if not any(a <= m.start() < b for a, b in taken):
            found.add("c:" + m.group(0).replace(",", ""))
    return found


# "has been moved from 9 March to 16 March", "raised from DKK 12,000 to DKK 15,000": the figure after
# "from" is the one that no longer holds. A bare "from 1 May to 31 December" is a period, not a change.
_CHANGE_FROM = re.compile(
    r"\b(moved|raised|increased|changed|extended|postponed|reduced|lowered|cut|shortened|brought forward|pushed back|"
    r"rescheduled|revised|adjusted|updated|corrected|amended|rises|rose|goes up|went up|goes down|went down|falls|fell)\b"
    r"(?P<clause>[^.;:]{0,160})", re.I)
_FROM_TO = re.compile(r"\bfrom\b(?P<old>.{1,60}?)\bto\b", re.I)
# "meets on the second Tuesday instead of the first Thursday", "DKK 420 (previously DKK 350)".
_INSTEAD = re.compile(r"(?:\b(?:instead of|rather than|in place of|replacing|previously|formerly|no longer|"
                      r"(?:up|down) from|compared with|compared to)\b|\((?:until now|so far|before|was)\b:?)"
                      r"(?P<old>[^.;)]{1,50})", re.I)
# A table row read with its header: "Application deadline — Original call: 1 February 2027; Corrected: 22 February".
_OLD_COLUMN = re.compile(
    r"(?:^|—|;)\s*(?:original|previous|old|former|earlier|was|before|until now)\b[^:;—]{0,25}:\s*(?P<old>[^;]+)", re.I)
# The header of a change table that lost its cells' borders (PDF text): "Item Original call Corrected".
_CHANGE_HEADER = re.compile(
    r"^[^\n]{0,40}\b(original|previous|old|former|was|before)\b[^\n]{0,30}\b(new|corrected|amended|revised|now|after|"
    r"updated|changed to)\b[^\n]{0,20}$", re.I | re.M)


# "shortened from 45 to 30 days" names two periods, not the range "45 to 30 days".
# "extended from 30 to 60 days" is a change of one period; "can last from 1 to 6 weeks" is a range.
_CHANGED_PERIOD = re.compile(r"\b((?:chang|extend|shorten|reduc|rais|increas|lower|cut|mov|length|brought)\w*\s+"
                             r"(?:[\w-]+\s+){0,2}?)from (\d+) to (\d+) (working |business |calendar )?"
                             r"(days?|weeks?|months?|years?)\b", re.I)


# "within five weeks of the kick-off meeting instead of six": the old figure is six weeks.
_BARE_OLD_PERIOD = re.compile(rf"\b(?P<n>\d+|{NUMBER_WORDS})\s+(?P<unit>(?:working |business |calendar )?"
                              rf"(?:days?|weeks?|months?|years?|hours?))\b(?P<mid>[^.;()]{{0,80}}?)\b"
                              rf"(?P<by>instead of|rather than|up from|down from)\s+(?P<old>\d+|{NUMBER_WORDS})\b"
                              rf"(?!\s*(?:%|[a-zA-Z]))", re.I)


def _spelt_out(sentence: str) -> str:
    sentence = _CHANGED_PERIOD.sub(r"\1from \2 \4\5 to \3 \4\5", sentence)
    return _BARE_OLD_PERIOD.sub(lambda m: f"{m.group(0)} {m.group('unit')}", sentence)


def stale_figures(sentence: str, context: str = "") -> set[str]:
    """The figures a sentence names only as what they were before a change.

    `context` is the text before the sentence in its passage: under a change table's header
    ("Original call  Corrected") a row stating two figures of one kind gives the old one first.
    """
    stale: set[str] = set()
    sentence = _spelt_out(sentence)
    for m in _CHANGE_FROM.finditer(sentence):
        for span in _FROM_TO.finditer(m.group("clause")):  # "for travel from the Øresund Region to": no figure
            stale |= figures(span.group("old"))
    for m in _INSTEAD.finditer(sentence):
        stale |= figures(m.group("old"))
    for m in _OLD_COLUMN.finditer(sentence):
        stale |= figures(m.group("old"))
    if not stale and context and _CHANGE_HEADER.search(context):
        for prefix in ("n:", "d:", "t:", "c:"):
            ordered = _ordered_figures(sentence, prefix)
            if len(ordered) >= 2:
                stale |= set(ordered[:-1]) - {ordered[-1]}
    return stale


_FIGURE_PATTERNS = {"n:": AMOUNT, "d:": DATE, "t:": DURATION, "c:": WHOLE_NUMBER}


def current_figures(sentence: str, context: str = "") -> set[str]:
    """The figures a sentence states as holding now."""
    return figures(_spelt_out(sentence)) - stale_figures(sentence, context)


def _ordered_figures(sentence: str, prefix: str) -> list[str]:
    found: list[tuple[int, str]] = []
    pattern = _FIGURE_PATTERNS[prefix]
    whole = figures(sentence)  # a number inside a date or an amount is not a count of its own
    for m in pattern.finditer(sentence):
        one = figures(m.group(0)) & whole
        found += [(m.start(), f) for f in one if f.startswith(prefix)]
    return [f for _, f in sorted(found)]


# A date is shown with the year and time that follow it: "22 February 2027, 14:00 CET".
_DATE_TAIL = re.compile(r"^(,?\s+\d{4})?(,?\s+(at\s+)?\d{1,2}[:.]\d{2}(\s+[A-Z]{3,4})?)?")


def changed_figure(sentence: str, context: str, prefixes: set[str]) -> tuple[str, str] | None:
    """(what holds now, what it replaced) as written, for a sentence that states a change of the figure asked.

    "Application deadline 1 February 2027, 14:00 CET 22 February 2027, 14:00 CET" under a change table's
    header reads best as "22 February 2027, 14:00 CET (before: 1 February 2027, 14:00 CET)".
    """
    text = _spelt_out(sentence)
    stale = {f for f in stale_figures(sentence, context) if f[:2] in prefixes}
    if not stale:
        return None
    new = old = None
    whole = figures(text)  # a number inside a date or an amount is not a count of its own
    for prefix in sorted(prefixes):
        pattern = _FIGURE_PATTERNS[prefix]
        for m in pattern.finditer(text):
            found = {f for f in figures(m.group(0)) & whole if f.startswith(prefix)}
            if not found:
                continue
            shown = m.group(0) + (_DATE_TAIL.match(text[m.end():]).group(0) if prefix == "d:" else "")
            if found & stale:
                old = old or shown.strip(" ,")
            else:
                new = new or shown.strip(" ,")
    return (new, old) if new and old else None


# "From the January 2027 session, …", "From February 2027 the Grand Rounds start at 16:00": when a change
# takes effect.
_TAKES_EFFECT = re.compile(r"^(?:from|as of|starting(?: from| with)?|with effect from|beginning(?: with)?|effective)\s+"
                           r"(?:the\s+)?", re.I)


def effective_dates(sentence: str) -> set[str]:
    """The figure of the date a sentence opens with as the day a change takes effect."""
    lead = _TAKES_EFFECT.match(sentence)
    date = DATE.match(sentence, lead.end()) if lead else None
    return {f for f in figures(date.group(0)) if f.startswith("d:")} if date else set()

"""Routes a question asks about ("a speaker flying lund -> boston"), read in their direction.

A travel table has a row for each direction; "Boston area — To: Lund" is not the fare from Lund to Boston,
however alike the two rows read.
"""

from __future__ import annotations

import re

from bot.qa.coverage import TOWNS
from bot.qa.places import place_words

# "a speaker flying lund -> boston", "and for boston to lund?": a route between two places, in that direction.
_ROUTE = re.compile(r"(?:\bfrom\s+)?\b([^\W\d_]+)\s*(?:->|→|=>|-\s*>|\bto\b)\s*(?:the\s+)?([^\W\d_]+)", re.I)


def asked_route(question: str) -> tuple[str, str] | None:
    for m in _ROUTE.finditer(question):
        origin, destination = m.group(1).lower(), m.group(2).lower()
        if origin != destination and all(place_words(p) or p in TOWNS for p in (origin, destination)):
            return origin, destination
    return None


def reversed_route(sentence: str, route: tuple[str, str]) -> bool:
    """Whether the sentence names the route's two places the other way round: the row "Boston area — To: Lund"
    is not the route from Lund to Boston."""
    lowered = sentence.lower()
    found = [re.search(rf"\b{re.escape(place)}\b", lowered) for place in route]
    return all(found) and found[0].start() > found[1].start()

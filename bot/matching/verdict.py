"""Does a match fit what was asked, or is it only the closest there is?

A contact fits when it is where the need says (if it names a place), of the kind it names (if any),
and about what it asks: its profile shares the need's words or meaning, it seeks someone like the
requester, or it works in the requester's field. When nobody fits, the answer says so and offers
the closest, marked as near matches, never the requester's peers as filler.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.matching.languages import label
from bot.matching.need import Need

EVIDENCE = 0.45  # topic, keyword share, fit or field below this: not about what was asked
UNWORDED = 0.15  # how much less meaning counts when the contact shares none of the need's words
# A profile this far from the need in meaning shares its words by chance ("trial site" for a TB trial site)
# unless it shares most of them, or seeks the requester.
ASIDE = 0.3
MOSTLY = 0.75
PEER = 0.5  # a near match resembling the requester this much is a peer, not an alternative
NEAR_LIMIT = 3
SECRETARIAT = "ask the secretariat, who know people beyond this list"


def shortfall(signal: dict[str, float], need: Need, *, has_terms: bool) -> str | None:
    """Why a contact falls short of the need, or None when it fits."""
    # Same country is near enough for "in Sweden", not for "in Boston" or "in the Copenhagen area".
    needed = 0.6 if any(p.whole for p in need.located) else 1.0
    if need.located and signal.get("place", 0.0) < needed:
        return "not in " + " or ".join(p.label for p in need.located)
    if need.languages and signal.get("language", 0.0) < 1.0:
        return "does not list " + label(need.languages) + " among their languages"
    if need.kinds and need.kinds_required and signal.get("kind", 0.0) < 0.6:
        return "not " + " or ".join(sorted(_KIND_WORDS.get(k, k) for k in need.kinds))
    if need.sorts and signal.get("sort", 1.0) < 1.0:  # "an angel network": a fund is not one
        return "not " + " or ".join(sorted(need.sorts))
    if signal.get("disclaims", 0.0) > 0:  # "research-grade (non-GMP)" for a GMP need
        return "their profile says they do not do part of what you asked for"
    if signal.get("other_ages", 0.0) > 0:  # a child and adolescent unit for "an adult inpatient unit"
        return "works with another age group than the one you asked for"
    if has_terms and not need.wants_peers:
        # Meaning alone is weaker evidence than a shared word: "animal health" sits near "digital health".
        topic = signal.get("topic", 0.0) - (UNWORDED if signal.get("keywords", 0.0) == 0.0 else 0.0)
        evidence = max(topic, *(signal.get(name, 0.0) for name in ("keywords", "fit", "field")))
        pair = max(signal.get("fit", 0.0), signal.get("field", 0.0))
        if evidence < EVIDENCE or (signal.get("topic", 0.0) < ASIDE and signal.get("keywords", 0.0) < MOSTLY
                                   and pair < EVIDENCE):
            return "works on something else than what you asked for"
    return None


_KIND_WORDS = {"researcher": "a researcher", "company": "a company", "hospital": "a hospital",
               "university": "a university", "investor": "an investor", "public": "a public body",
               "staff": "collaboration staff"}


def settle(candidates: Sequence[tuple[object, dict[str, float]]], need: Need, *, has_terms: bool,
           mark, demote_peers: bool = True) -> tuple[list, str | None]:  # noqa: ANN001
    """Fits first, then near matches (marked by `mark(match, why)`); the note when none fits."""
    fits, peers, near = [], [], []
    for match, signal in candidates:
        why = shortfall(signal, need, has_terms=has_terms)
        peer = not need.wants_peers and signal.get("peer", 0.0) >= PEER
        if why is None:
            # A look-alike of the requester fits too, but after those who complement them.
            (peers if peer and demote_peers else fits).append(match)
        elif not peer:
            near.append(mark(match, why))
    fits += peers
    if fits:
        return fits + near, None
    if not near:
        return [], f"Nobody in the contact list fits this need. Try other words, or {SECRETARIAT}."
    return near[:NEAR_LIMIT], (f"No close match: nobody in the contact list fits this need. These are the closest, "
                               f"marked as near matches; or {SECRETARIAT}.")

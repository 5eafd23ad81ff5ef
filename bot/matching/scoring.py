"""The signals a match score is made of; each is a number from 0 to 1 with a plain meaning.

Broad signals are computed for every contact: topic (the need against the contact's expertise and
offering, by meaning), keywords (shared words), kind and place (what the need names), cross-border
(Øresund <-> Massachusetts first) and freshness. Pair signals compare the contact with the requester:
fit (the requester against what the contact seeks), field (the same field, as a partner) and peer (a
look-alike: same kind, same side, same offer), a penalty unless the need asks for peers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.matching.index import ContactIndex
from bot.matching.need import Need
from bot.matching.places import ORESUND

BROAD = ("topic", "keywords", "kind", "place", "cross_border", "freshness")


@dataclass(frozen=True)
class Weights:
    topic: float = 0.40
    keywords: float = 0.15
    fit: float = 0.15
    field: float = 0.10
    kind: float = 0.15
    place: float = 0.12
    cross_border: float = 0.06
    freshness: float = 0.02
    peer: float = 0.30
    elsewhere: float = 0.08
    language: float = 0.25  # a contact listing a language the need asks for (bot.matching.languages)
    useful: float = 0.03  # at most this much up or down from follow-up answers (bot.matching.follow_ups)


@dataclass
class Query:
    """The need and what is known about the requester, as vectors and sets."""

    need: Need
    target: np.ndarray
    requester: np.ndarray | None = None
    sought: np.ndarray | None = None  # what the target should seek ("biotechs that need manufacturing")
    requester_kinds: frozenset[str] = frozenset()
    requester_side: str | None = None
    requester_regions: frozenset[str] = frozenset()
    requester_countries: frozenset[str] = frozenset()
    terms: tuple[str, ...] = ()


def side_of(regions: set[str] | frozenset[str]) -> str | None:
    """Which side of the Atlantic a set of regions is on, if it is on one side only."""
    if regions and regions <= ORESUND:
        return "oresund"
    if regions == {"massachusetts"}:
        return "massachusetts"
    return None


def _scale(cosine: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.clip((cosine - low) / (high - low), 0.0, 1.0)


def broad_signals(index: ContactIndex, query: Query) -> dict[str, np.ndarray]:
    n, need = len(index), query.need
    zeros = np.zeros(n, dtype=np.float32)
    out = {"topic": _scale(index.profile_vectors @ query.target, 0.15, 0.65),
           "keywords": index.keywords.scores(query.terms) if query.terms else zeros}
    out["kind"] = (np.where(index.kinds_in(need.kinds), 1.0, np.where(index.hinted(need.kinds), 0.6, 0.0))
                   if need.kinds else zeros)
    for sort in need.sorts_beside:  # "patient orgs or hospitals": a patient organisation is of a kind asked for
        out["kind"] = np.maximum(out["kind"], index.of_sort(sort).astype(np.float32))
    if need.places:
        regions = set().union(*(p.regions for p in need.places)) - {"other"}
        countries = set().union(*(p.countries for p in need.places))
        out["place"] = np.where(index.regions_in(regions), 1.0, np.where(index.countries_in(countries), 0.6, 0.0))
    else:
        out["place"] = zeros
    if query.requester_side:
        other = {"massachusetts"} if query.requester_side == "oresund" else ORESUND
        out["cross_border"] = index.regions_in(other).astype(np.float32)
    else:
        out["cross_border"] = zeros
    out["freshness"] = index.freshness
    return out


class PairSignals:
    """Fit, field and peer: how contact and requester relate; inactive when nothing is known about the requester.

    Each is bounded, so a contact whose best case cannot reach the list is never scored: `upper`
    starts from the bounds alone (fit at most 1), and `tighten` computes fit for everyone, one pass
    over the seeking matrix, when the bounds leave too many contacts in reach.
    """

    def __init__(self, index: ContactIndex, query: Query, weights: Weights) -> None:
        self.index, self.query, self.weights = index, query, weights
        self.active = query.requester is not None
        self.fit: np.ndarray | None = None
        if not self.active:
            return
        self.factor = _peer_factor(index, query)
        self.same_kind = (index.kinds_in(query.requester_kinds).astype(np.float32) if query.requester_kinds
                          else np.full(len(index), 0.6, dtype=np.float32))
        # Two-sided: a contact seeking "US medtech companies" fits a US medtech requester, not a Danish one.
        self.sought = index.seeks_side(query.requester_regions, query.requester_kinds)
        # Field and peer change linearly with resemblance (0..1), so their best is at one end.
        sign = 1.0 if query.need.wants_peers else -1.0
        self._best = np.maximum(weights.field * (1.0 - self.factor) + sign * weights.peer * self.factor, 0.0)
        self.upper = weights.fit + self._best

    def tighten(self) -> None:
        if self.active and self.fit is None:
            self.fit = self._fit(slice(None))
            self.upper = self.weights.fit * self.fit + self._best

    def _fit(self, rows) -> np.ndarray:  # noqa: ANN001
        fit = _scale(self.index.seeking_vectors[rows] @ self.query.requester, 0.2, 0.6) * self.sought[rows]
        return np.minimum(fit, 1.0)

    def exact(self, rows: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The pair score and signals of the given rows."""
        if not self.active:
            return np.zeros(len(rows)), {}
        index, query, w = self.index, self.query, self.weights
        resemblance = _scale(index.profile_vectors[rows] @ query.requester, 0.3, 0.6)
        factor = self.factor[rows]
        if query.need.wants_peers:  # asked for peers ("startups like us"): resembling the requester is wanted
            peer = -resemblance * factor
        else:  # a look-alike seeking the same thing is a rival even when it resembles less
            rivalry = _scale(index.seeking_vectors[rows] @ query.target, 0.4, 0.7)
            peer = np.maximum(resemblance, rivalry) * factor
            if query.sought is not None:
                # The target is described by what it lacks ("biotechs that need manufacturing"), which the requester
                # provides: one of the requester's kind resembling them, or offering that, is a competitor on either
                # side of the Atlantic.
                provider = np.maximum(resemblance, _scale(index.profile_vectors[rows] @ query.sought, 0.35, 0.65))
                peer = np.maximum(peer, provider * self.same_kind[rows])
        fit = self.fit[rows] if self.fit is not None else self._fit(rows)
        # They seek someone else, by place or kind ("Boston-based founders" for a Malmö startup).
        elsewhere = (self.sought[rows] < 1.0).astype(np.float32)
        if query.need.wants_peers:  # peers are asked for as peers, not as partners who seek the requester
            fit, elsewhere = fit * 0.0, elsewhere * 0.0
        signals = {"fit": fit, "field": resemblance * (1.0 - factor), "peer": peer, "elsewhere": elsewhere}
        pair = w.fit * fit + w.field * signals["field"] - w.peer * peer - w.elsewhere * elsewhere
        return pair, signals


# How much a company's look-alike across the Atlantic counts as a peer (same side: 1, anyone else: 0.15).
COMPANY_ACROSS = 0.5


def _peer_factor(index: ContactIndex, query: Query) -> np.ndarray:
    """Resemblance makes a peer when kind (if known) and side of the Atlantic agree too.

    Across the Atlantic a look-alike is the partner the collaboration is for, so it counts far less.
    """
    n = len(index)
    kind = index.kinds_in(query.requester_kinds).astype(np.float32) if query.requester_kinds else np.full(n, 0.6)
    if query.requester_side:
        same = index.regions_in(ORESUND if query.requester_side == "oresund" else {"massachusetts"})
        # A company's look-alike across the Atlantic competes for the same partners; researchers collaborate.
        competes = query.requester_kinds == {"company"} and not query.need.wants_peers
        place = np.where(same, 1.0, COMPANY_ACROSS if competes else 0.15)
    elif query.requester_countries:  # "Norwegian prosthetist here": a look-alike in Norway is a peer
        place = np.where(index.countries_in(query.requester_countries), 1.0, 0.7)
    else:
        place = np.full(n, 0.7)
    return kind * place


def broad_score(parts: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    return sum(getattr(weights, name) * parts[name] for name in BROAD)


def best_score(query: Query, weights: Weights) -> float:
    """The highest score possible for this query, so scores read as a share of it (0..1)."""
    best = sum(getattr(weights, name) for name in BROAD)
    if query.need.languages or query.need.preferred_languages:
        best += weights.language
    return best + (weights.fit + weights.field if query.requester is not None else 0.0)

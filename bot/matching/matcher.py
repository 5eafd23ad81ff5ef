"""Matchmaking: the one core function behind `python -m bot match`, Slack, Teams and the evaluation."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from datetime import datetime, timezone

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Contact
from bot.db.session import transaction
from bot.errors import InvalidInput
from bot.matching import availability, follow_ups, scoring
from bot.matching.contacts import contact_count, existing_ids, latest_update, refresh_embeddings
from bot.matching.index import ContactIndex, affirmed_terms, age_groups
from bot.matching.loader import VectorCache, load_index
from bot.matching.keywords import terms
from bot.matching.need import Need, parse_need, validate_filters
from bot.matching.negation import excluded_by
from bot.matching.reasons import explain
from bot.matching.verdict import SECRETARIAT, settle

log = logging.getLogger(__name__)
MAX_LIMIT = 50
PER_ORGANIZATION = 2
EMPTY_NOTE = f"No contact who agreed to be suggested fits this need. Try fewer filters or other words, or {SECRETARIAT}."


@dataclass
class Match:
    id: str
    name: str
    organization: str
    kind: str
    region: str
    score: float
    reasons: list[str] = field(default_factory=list)
    contact_id: str = ""
    they_seek: str | None = None  # what the contact seeks that the requester is
    they_offer: str | None = None  # what the contact offers that the need asks for
    near: bool = False  # the closest there is, not a fit for what was asked

    def as_contract(self) -> dict:
        return {"id": self.id, "name": self.name, "organization": self.organization, "kind": self.kind,
                "region": self.region, "score": self.score, "reasons": list(self.reasons),
                "fit": {"they_seek": self.they_seek, "they_offer": self.they_offer}, "near_match": self.near}


@dataclass
class MatchResult:
    matches: list[Match]
    note: str | None = None  # why the list is empty or holds only near matches

    def as_contract(self) -> dict:
        return {"matches": [m.as_contract() for m in self.matches], "note": self.note}


class Matcher:
    """Holds the contact matrices, reloading them when the contact table changes."""

    full_pass_share = 0.25

    def __init__(self, *, sessions: sessionmaker[Session], embedder, weights: scoring.Weights | None = None,  # noqa: ANN001
                 cache_dir: Path | None = None, recount_seconds: float = 30.0, now=None) -> None:  # noqa: ANN001
        self.sessions = sessions
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._rates: tuple[float, object, np.ndarray | None] | None = None  # (when read, index, boost)
        self.embedder = embedder
        self.weights = weights or scoring.Weights()
        self._cache = None
        if cache_dir is not None:
            url = sessions.kw["bind"].url.render_as_string(hide_password=True)
            self._cache = VectorCache(cache_dir / f"vectors-{hashlib.sha256(url.encode()).hexdigest()[:16]}.npz")
        self.recount_seconds = recount_seconds
        self._index: ContactIndex | None = None
        self._counted = 0.0
        self._lock = threading.Lock()

    def index(self) -> ContactIndex:
        """The current index, reloaded when a contact changed.

        The latest update is checked before every match; the count, which reveals deletions, every
        `recount_seconds`, and every match checks that the contacts it returns still exist.
        """
        with self.sessions() as session:
            latest = latest_update(session=session)
            recount = self._index is None or time.monotonic() - self._counted >= self.recount_seconds
            count = contact_count(session=session) if recount else None
        with self._lock:
            index = self._index
            if index is None or index.marker != latest or (count is not None and count != len(index)):
                self._index = self._load()
            if count is not None:
                self._counted = time.monotonic()
            return self._index

    def _load(self) -> ContactIndex:
        with self.sessions() as session:
            marker = latest_update(session=session)
            index, stale = load_index(session=session, marker=marker, previous=self._index, cache=self._cache)
        if stale:
            # Contacts created or edited elsewhere without a new embedding: compute and store it once.
            log.info("computing embeddings for %d contacts", len(stale))
            with transaction(self.sessions) as session:
                for start in range(0, len(stale), 1000):
                    rows = session.scalars(select(Contact).where(Contact.id.in_(stale[start: start + 1000]))).all()
                    index.patch(refresh_embeddings(session=session, embedder=self.embedder, contacts=rows))
        return index

    def match(self, need: str, **options) -> list[Match]:  # noqa: ANN003
        return self.find(need, **options).matches

    def find(self, need: str, *, kind: str | None = None, region: str | None = None, limit: int = 5,
             requester_contact_id: str | None = None, requester_ref: str | None = None) -> MatchResult:
        kind, region = validate_filters(kind, region)
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
        parsed = parse_need(need)
        for attempt in range(2):
            index = self.index()
            if not len(index):
                return MatchResult([], EMPTY_NOTE)
            me = index.position.get(requester_contact_id or "")
            if me is None and requester_ref:
                me = index.row_of_user(requester_ref)
            query = self._query(parsed, index, me)
            allowed = self._allowed(index, kind, region, me, parsed)
            allowed[self._hidden(index, requester_ref, me)] = False
            allowed = np.flatnonzero(allowed)
            # A few more than asked for, so a contact that fits can take the place of a near match ranked above it.
            candidates = self._top(index, query, allowed, min(len(allowed), limit + 2)) if len(allowed) else []
            matches, note = settle(candidates, query.need, has_terms=bool(query.terms), mark=_mark_near,
                                 demote_peers=self.weights.peer > 0)
            matches = matches[:limit]
            with self.sessions() as session:
                present = existing_ids(session=session, ids=[m.id for m in matches])
            if len(present) == len(matches) or attempt:
                return MatchResult([m for m in matches if m.id in present], note)
            with self._lock:  # someone was deleted since the index was built
                if self._index is index:
                    self._index = self._load()
        return MatchResult([], EMPTY_NOTE)

    def _hidden(self, index: ContactIndex, requester_ref: str | None, me: int | None) -> list[int]:
        """Rows never to suggest to this requester now: snoozed, paused, or with the requester on their list."""
        mine = index.profiles[me] if me is not None else None
        with self.sessions() as session:
            ids = availability.hidden_from(session, self._now(), requester_ref=requester_ref,
                                           requester_contact_id=mine.id if mine else None,
                                           organisation=mine.organization if mine else None)
        return [index.position[i] for i in ids if i in index.position]

    def _useful_boost(self, index: ContactIndex) -> np.ndarray | None:
        """A small, bounded nudge (±`weights.useful`) from what people introduced to a contact reported;
        read again every `recount_seconds`."""
        cached = self._rates
        if cached is not None and cached[1] is index and time.monotonic() - cached[0] < self.recount_seconds:
            return cached[2]
        with self.sessions() as session:
            rates = follow_ups.useful_rates(session)
        boost = None
        if rates:
            boost = np.zeros(len(index), dtype=np.float64)
            for contact_id, rate in rates.items():
                row = index.position.get(contact_id)
                if row is not None:
                    boost[row] = self.weights.useful * float(np.clip(2.0 * rate - 1.0, -1.0, 1.0))
        self._rates = (time.monotonic(), index, boost)
        return boost

    def _query(self, need: Need, index: ContactIndex, me: int | None) -> scoring.Query:
        query_terms = tuple(terms(" ".join(need.words)))
        # What the target seeks ("companies that need scale-up") is what the requester offers: part of who they are.
        who = "; ".join(t for t in (need.requester_query, need.target_seeks) if t)
        texts = [need.target_query or need.target] + ([who] if who else []) + \
            ([need.target_seeks] if need.target_seeks else [])
        vectors = self.embedder.encode(texts)
        requester = vectors[1] if who else None
        sought = vectors[2] if need.target_seeks else None
        # A target without content words ("... looking for partners") names no topic: the pair signals
        # (what the contacts seek, their field) rank alone.
        target = vectors[0] if query_terms or requester is None else np.zeros_like(vectors[0])
        kinds, places = need.requester_kinds, set().union(*(p.regions for p in need.requester_places))
        if me is not None:
            mine = index.profiles[me]
            if requester is None:
                requester = index.profile_vectors[me]
                if len(query_terms) <= 2:  # "collaborators for a grant": in the requester's own field
                    target = target + 0.8 * requester
                    target = target / (np.linalg.norm(target) or 1.0)
            kinds = kinds or frozenset({mine.kind})
            places = places or {mine.region}
        known = me is not None or bool(need.requester)
        # "other mental health app founders": the requester is one; "other RT physics groups": like the requester.
        if not need.wants_peers and (need.others & kinds or (need.other_unkinded and known)):
            need = replace(need, wants_peers=True)
        return scoring.Query(need=need, target=target, requester=requester, sought=sought, requester_kinds=kinds,
                             requester_side=scoring.side_of(places), requester_regions=frozenset(places),
                             requester_countries=frozenset().union(*(p.countries for p in need.requester_places)),
                             terms=query_terms)

    @staticmethod
    def _allowed(index: ContactIndex, kind: str | None, region: str | None, me: int | None, need: Need) -> np.ndarray:
        """The hard filters: consent, the explicit kind and region, never the requester or their organisation."""
        allowed = index.consent.copy()
        if kind:
            allowed &= index.kinds_in({kind})
        if region:
            allowed &= index.regions_in({region})
        own = {int(index.org_codes[me])} if me is not None else set()
        own |= _named_organisations(index, need.requester)
        if me is not None:
            allowed[me] = False
        if own:
            allowed &= ~np.isin(index.org_codes, list(own))
        for exclusion in need.exclusions:  # "not a CRO", "anywhere except the US"
            allowed &= ~excluded_by(index, exclusion)
        if need.place_only and need.located:  # "US only": nobody elsewhere, not even as a near match
            regions = set().union(*(p.regions for p in need.located)) - {"other"}
            countries = set().union(*(p.countries for p in need.located if p.whole))
            allowed &= index.regions_in(regions) | index.countries_in(countries)
        return allowed

    def _top(self, index: ContactIndex, query: scoring.Query, allowed: np.ndarray,
             limit: int) -> list[tuple[Match, dict[str, float]]]:
        """The best `limit` contacts with their signals, best first, at most two per organisation."""
        broad = scoring.broad_signals(index, query)
        pair = scoring.PairSignals(index, query, self.weights)
        partial = scoring.broad_score(broad, self.weights)[allowed]
        boost = self._useful_boost(index)
        if boost is not None:
            partial = partial + boost[allowed]
        spoken = query.need.languages | query.need.preferred_languages
        speaks = index.speaks(spoken) if spoken else None
        if speaks is not None:  # "a Spanish-speaking doctor": those who list Spanish first
            partial = partial + self.weights.language * speaks[allowed]
        upper = partial + pair.upper[allowed] if pair.active else partial
        size = min(len(allowed), limit * 8 + 20)
        top = np.argpartition(-upper, size - 1)[:size] if size < len(allowed) else np.arange(len(allowed))
        exact, signals = pair.exact(allowed[top])
        total = partial[top] + exact
        chosen = _cap_per_organisation(index, allowed[top], total, limit)
        if pair.active and size < len(allowed):
            # Exact: whoever is left out could not overtake the last one chosen, even at its upper bound.
            floor = total[chosen[-1]] if len(chosen) == limit else -np.inf
            scored = np.zeros(len(allowed), dtype=bool)
            scored[top] = True
            extra = np.flatnonzero((upper >= floor) & ~scored)
            if len(extra) > self.full_pass_share * len(allowed):  # too many in reach: one full pass is cheaper
                pair.tighten()
                upper = partial + pair.upper[allowed]
                extra = np.flatnonzero((upper >= floor) & ~scored)
            if len(extra):
                more, more_signals = pair.exact(allowed[extra])
                top, total = np.concatenate((top, extra)), np.concatenate((total, partial[extra] + more))
                signals = {k: np.concatenate((signals[k], more_signals[k])) for k in signals}
                chosen = _cap_per_organisation(index, allowed[top], total, limit)
        rows = allowed[top]
        best = scoring.best_score(query, self.weights)
        requester_terms = terms(query.need.requester)
        asked = affirmed_terms(" ".join(query.need.words))
        ages = age_groups(" ".join(query.need.words))
        candidates = []
        for i in chosen:
            row = int(rows[i])
            p = index.profiles[row]
            signal = {name: float(values[row]) for name, values in broad.items()}
            signal.update({name: float(values[i]) for name, values in signals.items()})
            if query.need.sorts:
                signal["sort"] = float(all(index.of_sort(sort)[row] for sort in query.need.sorts))
            signal["disclaims"] = float(index.disclaims(row, asked))
            signal["other_ages"] = float(index.serves_other_ages(row, ages))
            if speaks is not None:
                signal["language"] = float(speaks[row])
            told = explain(p, signal, query_terms=query.terms, requester_terms=requester_terms,
                           kind_asked=bool(query.need.kinds), has_requester=query.requester is not None)
            score = round(float(np.clip(total[i] / best, 0.0, 1.0)), 3)
            candidates.append((Match(id=p.id, name=p.name, organization=p.organization, kind=p.kind, region=p.region,
                                     score=score, reasons=told.reasons, contact_id=p.id, they_seek=told.they_seek,
                                     they_offer=told.they_offer), signal))
        return candidates


def _mark_near(match: Match, why: str) -> Match:
    match.near = True
    match.reasons.insert(0, f"near match: {why}")
    return match


def _cap_per_organisation(index: ContactIndex, rows: np.ndarray, total: np.ndarray, limit: int) -> list[int]:
    """Positions (into rows) of the best contacts, best first, at most two from one organisation."""
    per_org: dict[int, int] = {}
    chosen: list[int] = []
    for i in np.lexsort((rows, -total)):
        org = int(index.org_codes[rows[i]])
        if per_org.get(org, 0) < PER_ORGANIZATION:
            per_org[org] = per_org.get(org, 0) + 1
            chosen.append(int(i))
            if len(chosen) == limit:
                break
    return chosen


def _named_organisations(index: ContactIndex, text: str) -> set[int]:
    """Organisations the requester names as their own ("we at Fenwick Cell Therapeutics ...")."""
    words = re.findall(r"[\w&'.-]+", text.lower())
    found: set[int] = set()
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 8) + 1):
            code = index.org_by_name.get(" ".join(words[i:j]))
            if code is not None:
                found.add(code)
    return found

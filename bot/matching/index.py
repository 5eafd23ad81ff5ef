"""The contacts as arrays: built once, reused by every match until the contact table changes.

Kinds, regions, countries and organisations become small integer codes, so every filter and
preference is a table lookup; a match is then a matrix-vector product plus a few vector operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property

import numpy as np

from bot.config import KINDS, REGIONS
from bot.kb.embedder import DIMENSIONS
from bot.matching.keywords import KeywordIndex, terms
from bot.matching.need import SORTS, find_kinds
from bot.matching.places import find_places

KIND_CODES = {k: i for i, k in enumerate(KINDS)}
REGION_CODES = {r: i for i, r in enumerate(REGIONS)}


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    name: str
    organization: str
    organization_key: str
    kind: str
    region: str
    country: str
    title: str
    expertise: tuple[str, ...]
    offering: tuple[str, ...]
    seeking: tuple[str, ...]
    consent: bool
    slack_user_id: str | None = None
    teams_user_id: str | None = None
    verified: datetime | None = None
    languages: tuple[str, ...] = ()  # ISO codes (bot.matching.languages.code_of)


def _codes(values: list[str], known: dict[str, int]) -> np.ndarray:
    return np.array([known.get(v, len(known)) for v in values], dtype=np.int16)


def _lookup(codes: np.ndarray, known: dict[str, int], wanted) -> np.ndarray:  # noqa: ANN001
    table = np.zeros(len(known) + 1, dtype=bool)
    table[[known[w] for w in wanted if w in known]] = True
    return table[codes]


class ContactIndex:
    def __init__(self, profiles: list[Profile], profile_vectors: np.ndarray, seeking_vectors: np.ndarray, *,
                 hashes: np.ndarray | None = None, marker: object = None, now: datetime | None = None) -> None:
        self.profiles = profiles
        self.hashes = np.asarray(hashes if hashes is not None else [""] * len(profiles), dtype="U64")
        self.marker = marker
        # Two contiguous matrices: a product with a column slice of one wide matrix is several times slower.
        shape = (len(profiles), DIMENSIONS)
        self.profile_vectors = np.ascontiguousarray(profile_vectors, dtype=np.float32).reshape(shape)
        self.seeking_vectors = np.ascontiguousarray(seeking_vectors, dtype=np.float32).reshape(shape)
        self.kind_codes = _codes([p.kind for p in profiles], KIND_CODES)
        self.region_codes = _codes([p.region for p in profiles], REGION_CODES)
        self._countries = {c: i for i, c in enumerate(sorted({p.country for p in profiles}))}
        self.country_codes = _codes([p.country for p in profiles], self._countries)
        self.consent = np.array([p.consent for p in profiles], dtype=bool)
        orgs = {k: i for i, k in enumerate(dict.fromkeys(p.organization_key for p in profiles))}
        self.org_codes = np.array([orgs[p.organization_key] for p in profiles], dtype=np.int64)
        now = now or datetime.now(timezone.utc)
        age = np.array([(now - _aware(p.verified)).days if p.verified else np.nan for p in profiles], dtype=float)
        # 1 when verified within a year, falling to 0 at three years; 0.5 when never verified.
        self.freshness = np.where(np.isnan(age), 0.5, np.clip(1.0 - (age - 365.0) / 730.0, 0.0, 1.0))
        self.keywords = KeywordIndex([_affirmed(p.title, *p.expertise, *p.offering) for p in profiles])
        self._hints = self._kind_hints()
        self.sought_regions, self.sought_kinds = self._sought()

    def __len__(self) -> int:
        return len(self.profiles)

    def kinds_in(self, kinds) -> np.ndarray:  # noqa: ANN001
        return _lookup(self.kind_codes, KIND_CODES, kinds)

    def regions_in(self, regions) -> np.ndarray:  # noqa: ANN001
        return _lookup(self.region_codes, REGION_CODES, regions)

    def countries_in(self, countries) -> np.ndarray:  # noqa: ANN001
        return _lookup(self.country_codes, self._countries, countries)

    def hinted(self, kinds) -> np.ndarray:  # noqa: ANN001
        """Contacts whose organisation or title suggests one of the kinds ("University Hospital")."""
        columns = [KIND_CODES[k] for k in kinds if k in KIND_CODES]
        return self._hints[:, columns].any(axis=1) if columns else np.zeros(len(self), dtype=bool)

    def _kind_hints(self) -> np.ndarray:
        hints = np.zeros((len(self), len(KINDS)), dtype=bool)
        seen: dict[str, list[int]] = {}  # organisations and titles repeat: read each once
        for row, p in enumerate(self.profiles):
            for text in (p.organization, p.title):
                if text not in seen:
                    seen[text] = [KIND_CODES[k] for k in find_kinds(text)]
                hints[row, seen[text]] = True
        return hints

    def _sought(self) -> tuple[np.ndarray, np.ndarray]:
        """The regions and kinds each contact's `seeking` names ("US medtech companies": Massachusetts, company)."""
        regions = np.zeros((len(self), len(REGIONS)), dtype=bool)
        kinds = np.zeros((len(self), len(KINDS)), dtype=bool)
        seen: dict[str, tuple[list[int], list[int]]] = {}
        for row, p in enumerate(self.profiles):
            key = ("; ".join(p.seeking), p.region, p.country)
            if key not in seen:
                named = set().union(*(_sought_regions(item, p.region, p.country) for item in p.seeking)) - {"other"}
                seen[key] = ([REGION_CODES[r] for r in named], [KIND_CODES[k] for k in find_kinds(key[0])])
            regions[row, seen[key][0]] = True
            kinds[row, seen[key][1]] = True
        return regions, kinds

    def seeks_side(self, regions, kinds) -> np.ndarray:  # noqa: ANN001
        """How well the requester is what each contact seeks, by place and kind: 1 neutral, above 1 fits, below not."""
        factor = np.ones(len(self), dtype=np.float32)
        for sought, known, codes in ((self.sought_regions, regions, REGION_CODES), (self.sought_kinds, kinds, KIND_CODES)):
            columns = [codes[v] for v in known if v in codes]
            if not columns:
                continue
            names = sought.any(axis=1)
            hit = sought[:, columns].any(axis=1)
            factor *= np.where(names, np.where(hit, 1.3, 0.5), 1.0).astype(np.float32)
        return factor

    @cached_property
    def identity_keywords(self) -> KeywordIndex:
        """What each contact is and sells (organisation, title, offering): "not a translation agency" is read
        against these, not against every subject its expertise touches."""
        return KeywordIndex([_affirmed(p.organization, p.title, *p.offering) for p in self.profiles])

    def speaks(self, codes: frozenset[str]) -> np.ndarray:
        """Contacts listing one of these languages (language codes), computed once per set of codes."""
        if codes not in self._sorts:
            self._sorts[codes] = np.array([not codes.isdisjoint(p.languages) for p in self.profiles], dtype=bool)
        return self._sorts[codes]

    def of_sort(self, sort: str) -> np.ndarray:
        """Contacts whose profile (organisation included) says they are of the sort (need.SORTS), computed once."""
        if sort not in self._sorts:
            pattern = SORTS[sort][1]
            seen = {key: any(pattern.search(phrase) for phrase in _affirmed(*key)) for key in dict.fromkeys(self._said)}
            self._sorts[sort] = np.array([seen[key] for key in self._said], dtype=bool)
        return self._sorts[sort]

    @cached_property
    def _said(self) -> list[tuple[str, ...]]:
        """What each contact says of itself: organisation, title, expertise and offering."""
        return [(p.organization, p.title, *p.expertise, *p.offering) for p in self.profiles]

    @cached_property
    def _sorts(self) -> dict[object, np.ndarray]:  # by sort name, and by set of language codes
        return {}

    def disclaims(self, row: int, asked: frozenset[str]) -> bool:
        """Whether the contact's profile says it does not do one of the terms asked for ("research-grade
        (non-GMP)" for a GMP need); `asked` from `affirmed_terms`."""
        # "no clinical trial samples" disclaims trial samples, not every sample: a phrase counts when the need
        # asks for two of its terms, or for the one it has.
        return any(len(phrase & asked) >= min(2, len(phrase)) for phrase in self._disclaimed[row])

    def serves_other_ages(self, row: int, asked: frozenset[str]) -> bool:
        """Whether the contact works only with another age group than the need names ("an adult eating
        disorder unit": a child and adolescent unit is not one); `asked` from `age_groups` of the need."""
        theirs = self._ages[row]
        return bool(asked and theirs and not asked & theirs)

    @cached_property
    def _ages(self) -> list[frozenset[str]]:
        seen = {key: age_groups(" ".join(key)) for key in dict.fromkeys(self._said)}
        return [seen[key] for key in self._said]

    @cached_property
    def _disclaimed(self) -> list[tuple[frozenset[str], ...]]:
        seen = {key: tuple(found for phrase in key for m in _PROFILE_NEGATION.finditer(phrase)
                           if (found := frozenset(t for t in terms(m.group(0))
                                                  if t not in _NEGATORS and not t.startswith(("non-", "no-")))))
                for key in dict.fromkeys(self._said)}
        return [seen[key] for key in self._said]

    @cached_property
    def position(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.profiles)}

    @cached_property
    def org_by_name(self) -> dict[str, int]:
        return {p.organization.lower(): int(code) for p, code in zip(self.profiles, self.org_codes) if p.organization}

    @cached_property
    def _users(self) -> dict[str, int]:
        from bot.conversation.identity import contact_refs

        return {ref: i for i, p in enumerate(self.profiles)
                for ref in contact_refs(slack_user_id=p.slack_user_id, teams_user_id=p.teams_user_id)}

    def row_of_user(self, ref: str) -> int | None:
        return self._users.get(ref)

    def stored(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.profile_vectors[rows], self.seeking_vectors[rows]

    def patch(self, fresh: dict[str, tuple[np.ndarray, str]]) -> None:
        """Take freshly computed vectors: {contact id: (profile and seeking vector, profile hash)}."""
        for contact_id, (vector, hash_) in fresh.items():
            row = self.position.get(contact_id)
            if row is not None:
                self.profile_vectors[row], self.seeking_vectors[row] = vector[:DIMENSIONS], vector[DIMENSIONS:]
                self.hashes[row] = hash_


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# "vendors ... who want a pilot in a Danish hospital": after such a word, the contact's own place is where the
# work happens, not where the sought are from.
_CLAUSE = re.compile(r"\b(?:who|that|which|wanting|wants?|looking|seeking|needing|needs?|willing|keen)\b", re.IGNORECASE)


def _sought_regions(item: str, own_region: str, own_country: str) -> set[str]:
    clause = _CLAUSE.search(item)
    head, tail = (item[: clause.start()], item[clause.start():]) if clause else (item, "")
    named = {r for place in find_places(head)[0] for r in place.regions}
    for place in find_places(tail)[0]:
        if own_region not in place.regions and own_country not in place.countries:
            named |= place.regions
    return named


# "linguistic validation (not IFU / labelling translation)": what a profile says it does not do is no keyword of it.
_PROFILE_NEGATION = re.compile(r"\(\s*(?:not|no|non|excl(?:\.|uding)?|except)\b[^)]*\)|\b(?:not|no)\s+[^;,.()]+|"
                               r"\bnon-[\w-]+", re.IGNORECASE)
_NEGATORS = frozenset(terms("non excl excluding except"))


def affirmed_terms(text: str) -> frozenset[str]:
    """The terms a text asks for, not those it negates itself ("a non-GMP lab" does not ask for GMP)."""
    return frozenset(terms(_PROFILE_NEGATION.sub(" ", text)))


def _affirmed(*phrases: str) -> tuple[str, ...]:
    return tuple(_PROFILE_NEGATION.sub(" ", phrase) for phrase in phrases)


_AGES = {"child": re.compile(r"\b(?:child(?:ren)?|paediatric|pediatric|kids?|adolescents?|youth|teen(?:s|agers?)?|"
                             r"infants?|neonat\w*|newborns?|børn\w*|barn(?:en|s|et)?|barnmedicin\w*|nicus?)\b", re.IGNORECASE),
         "adult": re.compile(r"\b(?:adults?|vuxen|vuxna|voksne?)\b", re.IGNORECASE)}


def age_groups(text: str) -> frozenset[str]:
    """The age groups a text names: children (with adolescents and newborns; Danish "børne-", Swedish "barn") or
    adults. Not "tick-borne" or "born in"."""
    return frozenset(group for group, pattern in _AGES.items() if pattern.search(text))

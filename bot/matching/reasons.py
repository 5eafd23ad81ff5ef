"""Reasons a person understands: what the contact works on and offers, where, and why it fits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.matching.index import Profile
from bot.matching.keywords import terms

REGION_LABELS = {
    "capital-region-dk": "the Capital Region of Denmark",
    "region-zealand": "Region Zealand",
    "region-skane": "Region Skåne",
    "massachusetts": "Massachusetts",
}
COUNTRY_LABELS = {"DK": "Denmark", "SE": "Sweden", "NO": "Norway", "FI": "Finland", "IS": "Iceland", "DE": "Germany",
                  "NL": "the Netherlands", "GB": "the UK", "FR": "France", "US": "the US", "CA": "Canada",
                  "CH": "Switzerland", "BE": "Belgium", "AT": "Austria", "IE": "Ireland", "ES": "Spain", "IT": "Italy",
                  "PL": "Poland", "PT": "Portugal", "JP": "Japan", "CN": "China", "IN": "India", "IL": "Israel",
                  "AU": "Australia", "NZ": "New Zealand"}
KIND_LABELS = {"researcher": "researcher", "company": "company", "hospital": "hospital", "university": "university",
               "investor": "investor", "public": "public body", "staff": "collaboration staff"}


def where(profile: Profile) -> str:
    if profile.region in REGION_LABELS:
        return REGION_LABELS[profile.region]
    return COUNTRY_LABELS.get(profile.country, "outside the collaboration's regions")


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _matching(items: Sequence[str], wanted: set[str], most: int) -> list[str]:
    """The items sharing most words with the need, best first."""
    scored = [(len(set(terms(item)) & wanted), -i, item) for i, item in enumerate(items)]
    return [item for hits, _, item in sorted(scored, reverse=True) if hits][:most]


@dataclass
class Told:
    reasons: list[str]
    they_seek: str | None = None  # "seeks US cell therapy companies, which you are"
    they_offer: str | None = None  # "offers a clinical site for cell therapy in the Capital Region of Denmark"


def explain(profile: Profile, signal: dict[str, float], *, query_terms: Sequence[str], requester_terms: Sequence[str],
            kind_asked: bool, has_requester: bool) -> Told:
    """Both sides of the fit: what the contact seeks that the requester is, and what it offers that is asked for."""
    wanted = set(query_terms)
    reasons: list[str] = []
    # A partner's field often echoes the requester's ("CAR-T manufacturer" -> "CAR-T cell therapy").
    expertise = _matching(profile.expertise, wanted | set(requester_terms), 2) or list(profile.expertise[:2])
    if expertise:
        reasons.append("works on " + _join(expertise))
    place = where(profile)
    offering = _matching(profile.offering, wanted, 2) or list(profile.offering[:1])
    they_offer = f"offers {_join(offering)} in {place}" if offering else None
    if offering:
        reasons.append("offers " + _join(offering))
    they_seek = None
    if has_requester and signal.get("fit", 0.0) >= 0.5 and profile.seeking:
        seeking = _matching(profile.seeking, set(requester_terms) | wanted, 1) or list(profile.seeking[:1])
        they_seek = f"seeks {seeking[0]}, which you are"
        reasons.append(they_seek)
    kind = KIND_LABELS.get(profile.kind, profile.kind)
    located = f"{kind} in {place}" if kind_asked and signal.get("kind", 0.0) >= 1.0 else f"in {place}"
    if signal.get("cross_border", 0.0) > 0:
        located += ", across the Atlantic from you"
    reasons.append(located)
    if signal.get("freshness", 1.0) < 0.5:
        reasons.append("profile last verified over two years ago")
    return Told(reasons, they_seek, they_offer)

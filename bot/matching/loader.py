"""Building the contact index from the database, reusing every vector already at hand.

Parsing 768 numbers of JSON per contact is the slow part of a load, so a reload after a change takes
unchanged contacts' vectors from the previous index, and a fresh process takes them from a disk
cache (float16, under BOT_DATA_DIR); only new or edited profiles are read from the database.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from bot.db.models import Contact, Organization
from bot.kb.embedder import DIMENSIONS
from bot.matching.contacts import EMBEDDING_LENGTH, profile_hash
from bot.matching.index import ContactIndex, Profile
from bot.matching.languages import code_of

log = logging.getLogger(__name__)
_PROFILE_COLUMNS = (
    Contact.id, Contact.name, Organization.name, Contact.organization_id, Contact.kind, Contact.region,
    Contact.country, Contact.title, cast(Contact.expertise, Text), cast(Contact.offering, Text),
    cast(Contact.seeking, Text), cast(Contact.languages, Text), Contact.consent, Contact.slack_user_id,
    Contact.teams_user_id, Contact.last_verified, Contact.updated_at, Contact.profile_hash,
)


class VectorCache:
    """Contact vectors on disk, keyed by contact id and profile hash; the database stays the truth."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.position: dict[str, int] = {}
        self.hashes = np.zeros(0, dtype="U64")
        self._vectors = np.zeros((0, EMBEDDING_LENGTH), dtype=np.float16)

    def load(self) -> bool:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                ids, self.hashes, self._vectors = data["ids"], data["hashes"], data["vectors"]
        except (OSError, KeyError, ValueError):
            return False
        self.position = {cid: i for i, cid in enumerate(ids.tolist())}
        return True

    def stored(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        vectors = self._vectors[rows].astype(np.float32)
        return vectors[:, :DIMENSIONS], vectors[:, DIMENSIONS:]

    def save(self, index: ContactIndex) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _write_cache(self.path, np.array([p.id for p in index.profiles]), index.hashes,
                     np.hstack((index.profile_vectors, index.seeking_vectors)).astype(np.float16))


def _write_cache(path: Path, ids: np.ndarray, hashes: np.ndarray, vectors: np.ndarray) -> None:
    tmp = path.with_name(path.name + ".tmp.npz")  # readers see the old file or the new one, never half
    np.savez(tmp, ids=ids, hashes=hashes, vectors=vectors)
    os.replace(tmp, path)


def load_index(*, session: Session, marker: object = None, previous: ContactIndex | None = None,
               cache: VectorCache | None = None, batch: int = 5000) -> tuple[ContactIndex, list[str]]:
    """The index of all contacts, and the ids of contacts whose embedding is missing or out of date."""
    profiles, hashes = _read_profiles(session, batch)
    vectors = (np.zeros((len(profiles), DIMENSIONS), dtype=np.float32),
               np.zeros((len(profiles), DIMENSIONS), dtype=np.float32))
    missing = np.flatnonzero(hashes != "")
    if previous is not None:
        missing = _fill(vectors, profiles, hashes, previous, missing)
    cached = False
    if len(missing) and cache is not None and cache.load():
        cached = True
        missing = _fill(vectors, profiles, hashes, cache, missing)
    stale = _read_vectors(session, profiles, hashes, vectors, missing)
    stale += [p.id for p, h in zip(profiles, hashes) if not h]
    index = ContactIndex(profiles, *vectors, hashes=hashes, marker=marker)
    # Rewriting the cache for a handful of edits costs more than reading those few rows at the next start.
    if cache is not None and (len(missing) > max(100, len(profiles) // 100) or (len(missing) and not cached)):
        try:
            cache.save(index)
        except OSError as exc:
            log.warning("could not write the matching cache %s: %s", cache.path, exc)
    return index, stale


def _read_profiles(session: Session, batch: int) -> tuple[list[Profile], np.ndarray]:
    """Every contact's profile, and its stored profile hash ("" when it no longer fits the text)."""
    query = (select(*_PROFILE_COLUMNS).outerjoin(Organization, Organization.id == Contact.organization_id)
             .order_by(Contact.id).execution_options(yield_per=batch))
    profiles: list[Profile] = []
    hashes: list[str] = []
    for part in session.execute(query).partitions():
        # One JSON document per batch instead of four per contact.
        lists = json.loads("[" + ",".join(f"{r[8] or '[]'},{r[9] or '[]'},{r[10] or '[]'},{r[11] or '[]'}"
                                          for r in part) + "]")
        for i, (cid, name, org, org_id, kind, region, country, title, _e, _o, _s, _l, consent, slack_id, teams_id,
                verified, updated, stored_hash) in enumerate(part):
            expertise, offering, seeking, languages = (tuple(x or ()) for x in lists[4 * i: 4 * i + 4])
            profiles.append(Profile(
                id=cid, name=name, organization=org or "", organization_key=org_id or f"person:{cid}", kind=kind,
                region=region, country=(country or "").upper(), title=title or "", expertise=expertise,
                offering=offering, seeking=seeking, consent=bool(consent), slack_user_id=slack_id,
                teams_user_id=teams_id, verified=verified or updated,
                languages=tuple(dict.fromkeys(code_of(str(x)) for x in languages)),
            ))
            current = stored_hash and stored_hash == profile_hash(title, expertise, offering, seeking)
            hashes.append(stored_hash if current else "")
    return profiles, np.array(hashes, dtype="U64")


def _fill(vectors: tuple[np.ndarray, np.ndarray], profiles: list[Profile], hashes: np.ndarray, source,  # noqa: ANN001
          rows: np.ndarray) -> np.ndarray:
    """Copy the vectors the source holds for the same profile text; returns the rows still missing."""
    position = np.array([source.position.get(profiles[r].id, -1) for r in rows], dtype=np.int64)
    found = position >= 0
    found[found] = source.hashes[position[found]] == hashes[rows[found]]
    profile, seeking = source.stored(position[found])
    vectors[0][rows[found]] = profile
    vectors[1][rows[found]] = seeking
    return rows[~found]


def _read_vectors(session: Session, profiles: list[Profile], hashes: np.ndarray,
                  vectors: tuple[np.ndarray, np.ndarray], rows: np.ndarray) -> list[str]:
    """Fill in stored embeddings; returns the contacts whose stored embedding is unusable."""
    position = {profiles[r].id: int(r) for r in rows}
    stale: list[str] = []
    ids = list(position)
    for start in range(0, len(ids), 500):
        query = select(Contact.id, cast(Contact.embedding, Text)).where(Contact.id.in_(ids[start: start + 500]))
        for cid, text in session.execute(query):
            values = json.loads(text) if text and text != "null" else None
            row = position[cid]
            if isinstance(values, list) and len(values) == EMBEDDING_LENGTH:
                vectors[0][row], vectors[1][row] = values[:DIMENSIONS], values[DIMENSIONS:]
            else:
                hashes[row] = ""
                stale.append(cid)
    return stale


def drop_cached_vectors(cache_dir: Path, contact_ids: set[str]) -> int:
    """Remove these contacts from every vector cache file under `cache_dir` (an erasure); returns the
    entries removed. A file that cannot be read is deleted: it is only a cache, rebuilt on the next load."""
    removed = 0
    for path in sorted(cache_dir.glob("vectors-*.npz")) if cache_dir.is_dir() else []:
        try:
            with np.load(path, allow_pickle=False) as data:
                ids, hashes, vectors = data["ids"], data["hashes"], data["vectors"]
        except (OSError, KeyError, ValueError):
            path.unlink(missing_ok=True)
            continue
        keep = ~np.isin(ids, list(contact_ids))
        if keep.all():
            continue
        removed += int((~keep).sum())
        _write_cache(path, ids[keep], hashes[keep], vectors[keep])
    return removed

"""The searchable snapshot kept on disk, so that a restart does not re-read every chunk and rebuild BM25.

At 100k chunks reading the chunks from Chroma and building the keyword index takes ~25 s; loading
the saved snapshot takes a fraction of that. The file is named by a fingerprint of what the snapshot
was built from (the registry's document hashes and the number of chunks in the collection), so a
changed knowledge base never loads an old snapshot: it simply misses and is rebuilt.

The files are pickles written by this process into BOT_DATA_DIR, next to the database itself; they
are never read from anywhere else.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from bot.kb.retrieval import Snapshot

log = logging.getLogger(__name__)

FORMAT = "1"  # bump when Snapshot or KeywordIndex change shape


def fingerprint(collection: str, documents: list[tuple[str, str]], chunks_in_store: int) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{collection}\0{chunks_in_store}".encode())
    for source, content_hash in sorted(documents):
        digest.update(f"\0{source}\0{content_hash}".encode())
    return digest.hexdigest()[:32]


class SnapshotCache:
    def __init__(self, folder: Path, collection: str) -> None:
        self.folder = folder
        self.prefix = f"snapshot-{hashlib.sha1(collection.encode()).hexdigest()[:12]}-"

    def _path(self, key: str) -> Path:
        return self.folder / f"{self.prefix}{key}.pickle"

    def load(self, key: str) -> Snapshot | None:
        path = self._path(key)
        try:
            with path.open("rb") as f:
                snap = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged cache is only a slower start
            log.warning("ignoring an unreadable knowledge-base cache %s (%s)", path.name, exc.__class__.__name__)
            path.unlink(missing_ok=True)
            return None
        return snap if isinstance(snap, Snapshot) else None

    def save(self, key: str, snap: Snapshot) -> None:
        """Write atomically, then drop older snapshots of this collection; failures only cost speed."""
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".snapshot-", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(snap, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key))
            for old in self.folder.glob(f"{self.prefix}*.pickle"):
                if old.name != self._path(key).name:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not save the knowledge-base cache (%s)", exc)
            if tmp:
                Path(tmp).unlink(missing_ok=True)

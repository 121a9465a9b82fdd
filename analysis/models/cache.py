"""A persistent score cache: one SQLite file that several processes can share.

Scoring the same statement with the same model and prompt always gives the same numbers, so
re-running a notebook or the CLI should not run the model again. Each cached value is keyed
by a sha256 of (task, backend provenance, target, label definitions or frames, premise);
the provenance carries the backend name, model hash or revision and template/prompt version,
so changing any of them misses the cache instead of returning stale scores.

The file lives at ``cache_dirs.score_cache_path()`` (``$ANALYSIS_CACHE_DIR`` moves it). It
uses WAL journaling, so readers never block the writer and two processes (a notebook and
the CLI, or parallel CI jobs) can use it at once; writers wait up to ``timeout`` seconds
for each other. ``ANALYSIS_SCORE_CACHE=0`` (or ``cache=False`` in scoring) turns it off.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analysis.config import score_cache_path
from analysis.errors import CacheError

SCHEMA_VERSION = 1
_CHUNK = 500  # keys per SELECT ... IN (...), below SQLite's variable limit


def cache_key(*parts: Any) -> str:
    """sha256 of the canonical JSON of ``parts`` (dict keys sorted, so order does not matter)."""
    blob = json.dumps([SCHEMA_VERSION, *parts], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ScoreCache:
    """Key -> JSON value store in SQLite (WAL). Thread-unsafe; one instance per process/thread."""

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 60.0) -> None:
        self.path = Path(path) if path is not None else score_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        mode = self._conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise CacheError(f"could not put the score cache {self.path} in WAL mode (got {mode!r})")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS scores ("
            " key TEXT PRIMARY KEY, task TEXT NOT NULL, value TEXT NOT NULL, created REAL NOT NULL)"
        )

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The cached values of those ``keys`` that are present."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            rows = self._conn.execute(
                f"SELECT key, value FROM scores WHERE key IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            found.update((k, json.loads(v)) for k, v in rows)
        return found

    def put_many(self, task: str, items: Mapping[str, Any]) -> None:
        """Store ``items`` (key -> JSON-serialisable value) in one transaction."""
        if not items:
            return
        now = time.time()
        rows = [(k, task, json.dumps(v, separators=(",", ":")), now) for k, v in items.items()]
        with self._transaction():
            self._conn.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?)", rows)

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0])

    def clear(self) -> None:
        with self._transaction():
            self._conn.execute("DELETE FROM scores")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ScoreCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")  # take the write lock now; waits up to busy_timeout
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

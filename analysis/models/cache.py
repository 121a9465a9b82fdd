"""The persistent caches: SQLite files that several processes can share (scores, sentence vectors).

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analysis.config import cache_root, score_cache_path
from analysis.errors import CacheError

SCHEMA_VERSION = 1
_CHUNK = 500  # keys per SELECT ... IN (...), below SQLite's variable limit


def _json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def cache_key(*parts: Any) -> str:
    """sha256 of the canonical JSON of ``parts`` (dict keys sorted, so order does not matter)."""
    blob = json.dumps([SCHEMA_VERSION, *parts], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class KeyValueCache:
    """Key -> value store in SQLite (WAL), the one persistent cache of the package: scores as
    JSON (:class:`ScoreCache`), sentence vectors as float32 bytes (:func:`vector_cache`).
    Thread-unsafe; one instance per process/thread. ``encode``/``decode`` turn a value into what
    the ``value`` column holds and back."""

    def __init__(self, path: str | os.PathLike, table: str = "scores", timeout: float = 60.0,
                 encode: Callable[[Any], Any] = _json_text, decode: Callable[[Any], Any] = json.loads) -> None:
        if not table.isidentifier():
            raise CacheError(f"bad cache table name {table!r}")
        self.path, self.table, self._encode, self._decode = Path(path), table, encode, decode
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        mode = self._conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise CacheError(f"could not put the cache {self.path} in WAL mode (got {mode!r})")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            " key TEXT PRIMARY KEY, task TEXT NOT NULL, value NOT NULL, created REAL NOT NULL)"
        )

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The cached values of those ``keys`` that are present."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            rows = self._conn.execute(
                f"SELECT key, value FROM {self.table} WHERE key IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            found.update((k, self._decode(v)) for k, v in rows)
        return found

    def put_many(self, task: str, items: Mapping[str, Any]) -> None:
        """Store ``items`` (key -> JSON-serialisable value) in one transaction."""
        if not items:
            return
        now = time.time()
        rows = [(k, task, self._encode(v), now) for k, v in items.items()]
        with self._transaction():
            self._conn.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?, ?)", rows)

    def __len__(self) -> int:
        return int(self._conn.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0])

    def clear(self) -> None:
        with self._transaction():
            self._conn.execute(f"DELETE FROM {self.table}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> KeyValueCache:
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


class ScoreCache(KeyValueCache):
    """Scores as JSON in ``scores.sqlite3`` under the cache root (or ``path``)."""

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 60.0) -> None:
        super().__init__(path if path is not None else score_cache_path(), "scores", timeout)


def vector_cache(path: str | os.PathLike | None = None, timeout: float = 60.0) -> KeyValueCache:
    """Sentence vectors as float32 bytes in ``embeddings.sqlite3`` under the cache root."""
    import numpy as np

    return KeyValueCache(path if path is not None else cache_root() / "embeddings.sqlite3", "vectors", timeout,
                         encode=lambda v: np.asarray(v, dtype=np.float32).tobytes(),
                         decode=lambda blob: np.frombuffer(blob, dtype=np.float32))

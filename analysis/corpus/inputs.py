"""Read a corpus as researchers have it: a folder of ``.txt`` files, or a CSV / JSONL / Parquet table.

Every reader yields, in input order, one :class:`ArticleRecord` per usable article and one
:class:`BadArticle` (id, where it came from, why) per unusable one, so a run records the bad
ones in its errors table and goes on. Readers stream: a table is read in chunks, a folder one
file at a time, so memory does not grow with the corpus.

**Folder.** Every ``*.txt`` under the folder (recursively, sorted) is an article; its id is the
path relative to the folder without ``.txt``. A sidecar ``NAME.json`` beside it is read as for a
single article (title, outlet, date, url, target, actors). ``name_pattern`` (a regular
expression with named groups ``outlet``, ``date``, ``title``) fills what the sidecar leaves
empty from the file name; :data:`NAME_PATTERNS` names common conventions, e.g. ``outlet_date``
for ``OUTLET_YYYY-MM-DD_slug.txt``.

**Table.** Columns ``id``, ``text`` and optional ``title``, ``outlet``, ``date``, ``url``,
``language`` (``en`` or ``ru``; detected from the text when absent, :mod:`analysis.languages`),
``target``, ``story`` (or ``event``: the event the article reports, see
:mod:`analysis.corpus.stories`; other columns are ignored). A sidecar names it with a ``story``
or ``event`` key. When a title is given and the text does not start with
it, the article is ``title + blank line + text`` (the layout :mod:`analysis.article` expects),
and offsets refer to that.

An article is bad when its id is missing or repeated, its text is missing, empty, binary,
undecodable or over ``max_bytes``, its sidecar is malformed, or its date is not ``YYYY-MM-DD``.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from analysis.article import decode_article_bytes, read_sidecar
from analysis.errors import ArticleError, CorpusError, InputError
from analysis.languages import normalise_language
from analysis.schema import Sidecar

#: Larger articles are recorded as errors (a news story is rarely over 100 kB of text).
DEFAULT_MAX_BYTES = 1_000_000
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
TABLE_COLUMNS = ("id", "title", "text", "outlet", "date", "url", "language", "target", "story", "event")
REQUIRED_COLUMNS = ("id", "text")
OPTIONAL_COLUMNS = tuple(c for c in TABLE_COLUMNS if c not in REQUIRED_COLUMNS)
#: Named file-name conventions for folders (``--name-pattern outlet_date``); any regex works too.
NAME_PATTERNS = {
    "outlet_date": r"(?P<outlet>[^_]+)_(?P<date>\d{4}-\d{2}-\d{2})(?:_.*)?",
    "date_outlet": r"(?P<date>\d{4}-\d{2}-\d{2})_(?P<outlet>[^_]+)(?:_.*)?",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHUNK_ROWS = 500


@dataclass(frozen=True)
class ArticleRecord:
    """One valid article: its text (as analysed), metadata and where it came from."""

    id: str
    text: str
    source: str
    sidecar: Sidecar

    @property
    def id_hash(self) -> str:
        return id_hash(self.id)

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def meta(self) -> dict[str, Any]:
        s = self.sidecar
        return {"article_id": self.id, "source": self.source, "title": s.title, "outlet": s.outlet,
                "date": s.date, "url": s.url, "story_given": self.story_given}

    @property
    def story_given(self) -> str | None:
        """The story the input names for this article (``story`` or ``event``), if any."""
        for key in ("story", "event"):
            value = self.sidecar.extra.get(key)
            if value is not None and str(value).strip():
                return str(value).strip()
        return None


@dataclass(frozen=True)
class BadArticle:
    """An input that cannot be analysed, and why."""

    id: str
    source: str
    reason: str

    @property
    def id_hash(self) -> str:
        return id_hash(self.id)


Item = ArticleRecord | BadArticle


def id_hash(article_id: str) -> str:
    """The part-file name of an article: 16 hex digits of the sha256 of its id."""
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]


def input_kind(path: str | Path) -> str:
    """``folder``, ``csv``, ``jsonl`` or ``parquet``; CorpusError for anything else."""
    path = Path(path)
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    kind = TABLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(f"{path}: give a folder of .txt files or a table ending in "
                          f"{', '.join(sorted(TABLE_SUFFIXES))}")
    return kind


def name_regex(pattern: str | None) -> re.Pattern[str] | None:
    """The compiled file-name pattern: a name from :data:`NAME_PATTERNS` or a regex."""
    if not pattern:
        return None
    text = NAME_PATTERNS.get(pattern, pattern)
    try:
        regex = re.compile(text)
    except re.error as exc:
        raise CorpusError(f"--name-pattern {pattern!r} is not a regular expression: {exc}") from None
    unknown = set(regex.groupindex) - {"outlet", "date", "title"}
    if unknown or not regex.groupindex:
        raise CorpusError(f"--name-pattern needs named groups among outlet, date, title (got {sorted(regex.groupindex)}); "
                          f"known conventions: {', '.join(NAME_PATTERNS)}")
    return regex


def read_corpus(path: str | Path, *, name_pattern: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                encoding: str | None = None) -> Iterator[Item]:
    """Every article of the corpus at ``path`` (see the module docstring), valid or not, in order."""
    kind = input_kind(path)
    regex = name_regex(name_pattern)
    if regex is not None and kind != "folder":
        raise CorpusError("--name-pattern applies to a folder of .txt files; a table has outlet and date columns")
    raw = _folder(Path(path), regex, max_bytes, encoding) if kind == "folder" else _table(Path(path), kind, max_bytes)
    seen: set[str] = set()
    for item in raw:
        if item.id in seen:
            yield BadArticle(item.id + f"#dup@{item.source}", item.source, f"duplicate id {item.id!r}")
            continue
        seen.add(item.id)
        yield item


def count_articles(path: str | Path, **options: Any) -> int:
    """How many items :func:`read_corpus` yields (for the progress bar's total)."""
    return sum(1 for _ in read_corpus(path, **options))


# ---------------------------------------------------------------- validation


def validate(article_id: Any, text: Any, source: str, sidecar: dict[str, Any] | Sidecar, max_bytes: int,
             data: bytes | None = None, encoding: str | None = None, compose_title: bool = False) -> Item:
    """An :class:`ArticleRecord`, or a :class:`BadArticle` saying what is wrong."""
    aid = "" if article_id is None else str(article_id).strip()
    if not aid:
        return BadArticle(f"<missing id>@{source}", source, "missing id")
    try:
        if data is None:
            if not isinstance(text, str):
                what = "missing" if text is None else f"a {type(text).__name__}, not a string"
                raise ArticleError(f"the text is {what}")
            data = text.encode("utf-8")
        if len(data) > max_bytes:
            raise ArticleError(f"{len(data):,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
        decoded = decode_article_bytes(data, source=source, encoding=encoding)
        side = sidecar if isinstance(sidecar, Sidecar) else Sidecar.from_dict(sidecar, source)
    except ArticleError as exc:
        return BadArticle(aid, source, str(exc).removeprefix(f"{source}: "))
    if side.date is not None and not _DATE.fullmatch(side.date.strip()):
        return BadArticle(aid, source, f"date {side.date!r} is not YYYY-MM-DD")
    if side.language:
        try:
            normalise_language(side.language)
        except InputError as exc:
            return BadArticle(aid, source, str(exc).removeprefix("language: "))
    title = (side.title or "").strip()
    if compose_title and title and not decoded.lstrip().startswith(title):
        decoded = f"{title}\n\n{decoded}"  # a table's title column heads the article
    return ArticleRecord(aid, decoded, source, replace(side, title=title or None))


# ---------------------------------------------------------------- folders


def _folder(root: Path, regex: re.Pattern[str] | None, max_bytes: int, encoding: str | None) -> Iterator[Item]:
    files = sorted(p for p in root.rglob("*.txt") if p.is_file())
    if not files:
        raise CorpusError(f"{root}: no .txt files in this folder")
    for path in files:
        aid = path.relative_to(root).with_suffix("").as_posix()
        try:
            side = read_sidecar(path)
        except ArticleError as exc:
            yield BadArticle(aid, str(path), str(exc))
            continue
        side = _from_name(side, path.stem, regex)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield BadArticle(aid, str(path), f"cannot read: {exc}")
            continue
        yield validate(aid, None, str(path), side, max_bytes, data=data, encoding=encoding)


def _from_name(side: Sidecar, stem: str, regex: re.Pattern[str] | None) -> Sidecar:
    if regex is None:
        return side
    match = regex.fullmatch(stem)
    if match is None:
        return side
    found = {k: v for k, v in match.groupdict().items() if v}
    return replace(side, outlet=side.outlet or found.get("outlet"), date=side.date or found.get("date"),
                   title=side.title or found.get("title"))


# ---------------------------------------------------------------- tables


def _table(path: Path, kind: str, max_bytes: int) -> Iterator[Item]:
    rows = {"csv": _csv_rows, "jsonl": _jsonl_rows, "parquet": _parquet_rows}[kind](path)
    for where, row in rows:
        source = f"{path.name}:{where}"
        if isinstance(row, str):  # a line that is not a JSON object
            yield BadArticle(f"<unreadable>@{source}", source, row)
            continue
        meta = {k: _cell(row.get(k)) for k in TABLE_COLUMNS[1:] if k != "text"}
        meta.update({k: str(meta[k]) for k in ("story", "event") if meta[k] is not None})  # numbered events
        bad = [k for k, v in meta.items() if v is not None and not isinstance(v, str)]
        if bad:
            yield BadArticle(str(row.get("id") or f"<missing id>@{source}"), source, f"{bad} must be strings")
            continue
        text = row.get("text")
        text = None if isinstance(text, float) and text != text else text  # NaN: missing, "": empty
        yield validate(_cell(row.get("id")), text, source, {k: v for k, v in meta.items() if v}, max_bytes,
                       compose_title=True)


def _cell(value: Any) -> Any:
    """None for missing values (NaN, None, empty string); numbers as ids become strings."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10]
    return value


def _check_header(path: Path, columns: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CorpusError(f"{path}: the table lacks the columns {missing} (it has {columns}); "
                          f"needed: {list(REQUIRED_COLUMNS)}, optional: {OPTIONAL_COLUMNS}")


def _csv_rows(path: Path) -> Iterator[tuple[str, Any]]:
    csv.field_size_limit(1 << 30)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            _check_header(path, list(reader.fieldnames or []))
            for i, row in enumerate(reader):
                yield f"row {i + 1}", row
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: the CSV is not UTF-8 ({exc})") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[str, Any]]:
    checked = False
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield f"line {number}", f"not a JSON object: {exc}"
                continue
            if not isinstance(row, dict):
                yield f"line {number}", f"not a JSON object but a {type(row).__name__}"
                continue
            if not checked:
                _check_header(path, list(row))
                checked = True
            yield f"line {number}", row


def _parquet_rows(path: Path) -> Iterator[tuple[str, Any]]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
    names = handle.schema_arrow.names
    _check_header(path, names)
    wanted = [c for c in TABLE_COLUMNS if c in names]
    offset = 0
    for batch in handle.iter_batches(batch_size=_CHUNK_ROWS, columns=wanted):
        for i, row in enumerate(batch.to_pylist()):
            yield f"row {offset + i + 1}", row
        offset += batch.num_rows

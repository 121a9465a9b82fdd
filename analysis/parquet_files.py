"""Parquet files with the package's record in their schema metadata, written atomically.

One writer for the scored-article file (:mod:`analysis.pipeline`) and the parts of
a corpus dataset (:mod:`analysis.corpus.store`): the table goes to a temporary file beside the
target (named by process, so two writers never share one), then ``os.replace`` puts it in
place, so a reader never sees half a file and an interrupted write leaves nothing behind.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

META_KEY = b"analysis"  # the schema-metadata key that holds the JSON record


def write_parquet(frame: pd.DataFrame, path: Path, meta: Mapping[str, Any] | None = None) -> Path:
    """``frame`` (index dropped) at ``path``, with ``meta`` as JSON in the schema metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if meta:
        blob = json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str).encode()
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), META_KEY: blob})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return path


def read_parquet_meta(path: Path) -> dict[str, Any]:
    """The JSON record a :func:`write_parquet` file carries ({} if none); OSError / ValueError
    for a file that is not Parquet."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    return json.loads(meta[META_KEY]) if META_KEY in meta else {}

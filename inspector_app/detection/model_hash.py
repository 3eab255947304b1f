"""Recording a model file's SHA-256 in its manifest: how an administrator approves a file.

A station screens only with a model whose manifest records the hash of the file
(detection.policy). `record_sha256` writes it: into the existing manifest, changing only its
`sha256` line so comments and layout stay, or into a new manifest built from what the loader
learnt of a bare .onnx. The model must load first, in a child process with a time limit, and
with the manifest exactly as it will be installed: the hash written is that of the bytes that
loaded, so a file swapped during the check is refused, never approved.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from inspector_app.detection.detector import Detector, find_manifest
from inspector_app.detection.errors import ModelLoadError
from inspector_app.detection.manifest import Manifest, dump_manifest, load_manifest, parse_manifest
from inspector_app.detection.validate import validate_model_out_of_process

_SHA_LINE = re.compile(r"^sha256:[^\n]*$", re.MULTILINE)


@dataclass(frozen=True)
class HashState:
    """A model file's SHA-256 now and what its manifest (if any) records."""

    sha256: str
    manifest_path: Path | None
    recorded: str | None

    @property
    def matches(self) -> bool:
        return self.recorded == self.sha256


@dataclass(frozen=True)
class Recorded:
    """What `record_sha256` did."""

    manifest_path: Path
    sha256: str
    previous: str | None
    created: bool  # a new manifest was written for a bare .onnx
    unchanged: bool  # the manifest already recorded this hash


def _file_sha256(onnx_path: Path) -> str:
    if not onnx_path.is_file():
        raise ModelLoadError(f"model file not found: {onnx_path}")
    try:
        return hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelLoadError(f"cannot read model file {onnx_path}: {exc.strerror}") from None


def hash_state(onnx_path: Path, manifest_path: Path | None = None) -> HashState:
    """The file's SHA-256 and the manifest's record of it (an invalid manifest is an error)."""
    onnx_path = Path(onnx_path)
    digest = _file_sha256(onnx_path)
    manifest_path = manifest_path or find_manifest(onnx_path)
    if manifest_path is None:
        return HashState(digest, None, None)
    return HashState(digest, manifest_path, load_manifest(manifest_path).sha256)


def with_sha256(text: str, digest: str) -> str:
    """Manifest YAML with its top-level `sha256` set, everything else left as written.

    A layout the line edit cannot handle (e.g. a one-line flow mapping) is rewritten whole."""
    if _SHA_LINE.search(text):
        edited = _SHA_LINE.sub(f"sha256: {digest}", text, count=1)
    else:
        edited = f"sha256: {digest}\n{text}"
        for key in ("file", "version", "name"):
            found = re.search(rf"^{key}:[^\n]*\n", text, re.MULTILINE)
            if found:
                edited = f"{text[: found.end()]}sha256: {digest}\n{text[found.end() :]}"
                break
    before = yaml.safe_load(text)
    try:
        after = yaml.safe_load(edited)
    except yaml.YAMLError:
        after = None
    if isinstance(before, dict) and after == {**before, "sha256": digest}:
        return edited
    return yaml.safe_dump({**before, "sha256": digest}, sort_keys=False, allow_unicode=True)


def _install(path: Path, write: Callable[[Path], None], check: Callable[[Path], None]) -> None:
    """Write a manifest beside its final place, run `check` on it, then move it in atomically
    (with the old file's permissions: the station's account must still be able to read it)."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".yaml")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        check(tmp)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def record_sha256(
    onnx_path: Path,
    manifest_path: Path | None = None,
    *,
    replace: bool = False,
    timeout_s: float = 60.0,
) -> Recorded:
    """Record the file's SHA-256 in its manifest after checking that the model loads with it.

    replace: a manifest recording another hash is updated (a new approved file); without it
    that is refused, since it usually means the file was changed or swapped."""
    onnx_path = Path(onnx_path)
    state = hash_state(onnx_path, manifest_path)
    if state.manifest_path is None:
        return _create_manifest(onnx_path, state.sha256, timeout_s)
    target = state.manifest_path
    manifest = load_manifest(target)
    if manifest.file and manifest.file != onnx_path.name:
        raise ModelLoadError(
            f"manifest {target.name} describes file {manifest.file}, not {onnx_path.name}; "
            "give the right manifest with --manifest"
        )
    if state.matches:
        return Recorded(target, state.sha256, state.recorded, created=False, unchanged=True)
    if state.recorded is not None and not replace:
        raise ModelLoadError(
            f"manifest {target.name} records SHA-256 {state.recorded[:16]}… but {onnx_path.name} "
            f"is {state.sha256[:16]}…: the file was changed or swapped since it was approved. "
            "If this file is the approved replacement, run again with --replace"
        )
    text = with_sha256(target.read_text(encoding="utf-8"), state.sha256)

    def check(tmp: Path) -> None:  # loads in a child under the station rule, with this manifest
        validate_model_out_of_process(onnx_path, tmp, timeout_s, require_hash=True)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    _install(target, write, check)
    return Recorded(target, state.sha256, state.recorded, created=False, unchanged=False)


def _create_manifest(onnx_path: Path, digest: str, timeout_s: float) -> Recorded:
    """A manifest for a bare .onnx from what the loader read of it (metadata class names,
    default thresholds): checked in a child first, then loaded here from the same bytes."""
    info = validate_model_out_of_process(onnx_path, None, timeout_s)
    if info.sha256 != digest:
        raise ModelLoadError(
            f"model file {onnx_path.name} changed while it was being checked; nothing recorded"
        )
    det = Detector.load(onnx_path, expected_sha256=digest, threads=1)
    provenance = {**det.manifest.provenance, "manifest_written_by": "inspector-app model hash"}
    manifest: Manifest = det.manifest.model_copy(update={"provenance": provenance})
    target = onnx_path.with_suffix(".yaml")
    if target.exists():  # not a file find_manifest could read: never overwrite it
        raise ModelLoadError(f"{target} exists but is not a manifest file; nothing recorded")

    def check(tmp: Path) -> None:
        if parse_manifest(yaml.safe_load(tmp.read_text("utf-8"))).sha256 != digest:
            raise ModelLoadError(f"the new manifest for {onnx_path.name} did not keep its hash")

    _install(target, lambda tmp: dump_manifest(manifest, tmp), check)
    return Recorded(target, digest, None, created=True, unchanged=False)

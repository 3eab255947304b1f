"""A model file cannot be swapped, changed or left unapproved without the station saying so:
the station needs the file's SHA-256 in its manifest, the hash is taken on the very bytes that
are loaded, `model hash --write` is how an administrator records it, and loading is bounded in
time. Real ONNX graphs (onnx_builders), real child processes, the real log."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import yaml
from onnx_builders import build_hanging_model, build_model, manifest_dict, write_manifest

from inspector_app.cli import build_parser, main
from inspector_app.commands.gui import unhashed_model_override
from inspector_app.detection import (
    Detector,
    ModelLoadError,
    load_manifest,
    load_validated,
    sha256_file,
)
from inspector_app.detection.model_hash import with_sha256
from inspector_app.detection.policy import DEV_UNHASHED_ENV
from inspector_app.feeds.files import read_scan_file
from inspector_app.screening import Screener
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore

CLASSES = ["knife", "handgun"]
SMALL = {"width": 64, "height": 64, "dynamic": False}
NAMES = {"names": "{0: 'knife', 1: 'handgun'}"}


def small_model(
    path: Path, cls: int = 0, *, sha: bool | str = True, metadata: dict[str, str] | None = None
) -> Path:
    """A 64x64 yolov8 graph that always reports one box of class `cls`, beside a manifest that
    records its SHA-256 (sha=True), none (False) or the given value."""
    row = (cls, 0.5, 0.5, 0.25, 0.25, 0.9)
    build_model(path, "yolov8", [row], 2, input_shape=(1, 3, 64, 64), metadata=metadata)
    data: dict[str, Any] = manifest_dict(CLASSES, "yolov8", input=SMALL, file=path.name)
    if sha is True:
        data["sha256"] = sha256_file(path)
    elif isinstance(sha, str):
        data["sha256"] = sha
    write_manifest(path.with_suffix(".yaml"), data)
    return path


def bare_model(path: Path) -> Path:
    small_model(path, metadata=NAMES).with_suffix(".yaml").unlink()
    return path


@pytest.fixture(autouse=True)
def station_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts under the station rule, whatever the developer's environment says."""
    monkeypatch.setenv(DEV_UNHASHED_ENV, "0")


# ------------------------------------------------------------------ the station rule
def test_the_station_refuses_a_manifest_without_sha256(tmp_path: Path, caplog) -> None:
    path = small_model(tmp_path / "m.onnx", sha=False)
    with pytest.raises(ModelLoadError) as refused:
        load_validated(path, timeout_s=60)
    text = str(refused.value)
    assert "manifest m.yaml records no SHA-256 for m.onnx" in text
    assert "cannot tell whether it is the approved file" in text
    assert f"inspector-app model hash {path} --write" in text
    with pytest.raises(ModelLoadError, match="records no SHA-256"):
        Detector.load(path, require_hash=True)
    with caplog.at_level(logging.WARNING, logger="inspector_app.detection.detector"):
        det = Detector.load(path)  # ad-hoc evaluation: loads, and says what a station would do
    assert not det.hash_checked and "a station refuses it" in caplog.text


def test_the_station_refuses_a_bare_onnx(tmp_path: Path) -> None:
    path = bare_model(tmp_path / "bare.onnx")
    with pytest.raises(ModelLoadError, match=r"has no manifest \(bare.yaml\) recording its SHA"):
        load_validated(path, timeout_s=60)
    assert not Detector.load(path).hash_checked  # ad-hoc evaluation still works


def test_a_recorded_matching_hash_is_accepted(tmp_path: Path) -> None:
    path = small_model(tmp_path / "m.onnx")
    det = load_validated(path, timeout_s=60)
    assert det.hash_checked and det.info.sha256 == sha256_file(path)


def test_a_swapped_file_is_refused_with_both_hashes(tmp_path: Path) -> None:
    path = small_model(tmp_path / "m.onnx")
    expected = sha256_file(path)
    path.write_bytes(small_model(tmp_path / "other.onnx", cls=1).read_bytes())
    actual = sha256_file(path)
    with pytest.raises(ModelLoadError) as refused:
        load_validated(path, timeout_s=60)
    text = str(refused.value)
    assert f"SHA-256 is {actual[:16]}…" in text and f"expects {expected[:16]}…" in text
    assert "changed, damaged or swapped" in text and "reinstall the approved model file" in text


def test_the_hash_is_taken_on_the_bytes_that_are_loaded(tmp_path: Path) -> None:
    """The file flips between the approved model (knife) and another (handgun) while it is
    loaded again and again: a load either is refused or runs the approved network, never the
    other one under the approved hash (a check of the file, then a second read, would)."""
    path = small_model(tmp_path / "m.onnx", cls=0)
    approved = path.read_bytes()
    other = small_model(tmp_path / "other.onnx", cls=1).read_bytes()
    stop = threading.Event()

    def swap() -> None:
        tmp, flip = tmp_path / "swap.tmp", False
        while not stop.is_set():
            tmp.write_bytes(other if flip else approved)
            os.replace(tmp, path)
            flip = not flip

    swapper = threading.Thread(target=swap)
    swapper.start()
    image = np.full((64, 64, 3), 90, np.uint8)
    outcomes = []
    try:
        for _ in range(30):
            try:
                det = Detector.load(path, require_hash=True, threads=1)
            except ModelLoadError as exc:
                assert "does not match its manifest" in str(exc)
                outcomes.append("refused")
                continue
            assert det.info.sha256 == hashlib.sha256(approved).hexdigest()
            assert [d.label for d in det.detect(image).detections] == ["knife"]
            outcomes.append("loaded")
    finally:
        stop.set()
        swapper.join()
    assert len(outcomes) == 30


def test_bytes_other_than_those_validated_in_the_child_are_refused(tmp_path: Path) -> None:
    path = small_model(tmp_path / "m.onnx")
    with pytest.raises(ModelLoadError, match="changed while it was being loaded"):
        Detector.load(path, expected_sha256="0" * 64)


# ------------------------------------------------------------------ development option
def test_development_loads_an_unhashed_model_and_the_log_records_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DEV_UNHASHED_ENV, "1")
    path = bare_model(tmp_path / "bare.onnx")
    det = load_validated(path, timeout_s=60)
    assert not det.hash_checked
    png = tmp_path / "scan.png"
    cv2.imwrite(str(png), np.full((64, 64, 3), 90, np.uint8))
    scan = read_scan_file(png, source="files")
    log = DecisionLog(tmp_path / "log.sqlite")
    Screener(det, log, EvidenceStore(tmp_path / "ev")).screen(scan)
    row = log.scan(scan.scan_id)
    assert row is not None and row["model_sha256"] == sha256_file(path)
    log.close()


def test_the_gui_development_flag_is_an_override_a_supervisor_must_approve() -> None:
    args = build_parser().parse_args(["gui"])
    assert unhashed_model_override(args) == {}
    args = build_parser().parse_args(["gui", "--dev-unhashed-model"])
    assert unhashed_model_override(args) == {"screening.dev_unhashed_model": (False, True)}
    assert os.environ[DEV_UNHASHED_ENV] == "1"  # what the station's model load reads


# ------------------------------------------------------------------ model hash / verify / info
def test_model_hash_write_records_the_hash_and_keeps_the_manifest_as_written(
    tmp_path: Path, capsys
) -> None:
    path = small_model(tmp_path / "m.onnx", sha=False)
    manifest = path.with_suffix(".yaml")
    manifest.write_text("# approved by the model board\n" + manifest.read_text())
    assert main(["model", "hash", str(path)]) == 1
    out = capsys.readouterr().out
    assert sha256_file(path) in out and "records no SHA-256" in out and "--write" in out
    assert main(["model", "verify", str(path)]) == 1
    assert "records no SHA-256" in capsys.readouterr().err
    assert main(["model", "hash", str(path), "--write"]) == 0
    assert "recorded SHA-256" in capsys.readouterr().out
    text = manifest.read_text()
    assert text.startswith("# approved by the model board\n")
    assert yaml.safe_load(text)["sha256"] == sha256_file(path)
    assert main(["model", "hash", str(path)]) == 0
    assert main(["model", "verify", str(path)]) == 0
    assert load_validated(path, timeout_s=60).hash_checked
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


def test_model_hash_write_will_not_overwrite_another_hash_unless_told(
    tmp_path: Path, capsys
) -> None:
    path = small_model(tmp_path / "m.onnx", sha="ab" * 32)
    assert main(["model", "hash", str(path), "--write"]) == 1
    err = capsys.readouterr().err
    assert "abababababababab" in err and sha256_file(path)[:16] in err and "--replace" in err
    assert load_manifest(path.with_suffix(".yaml")).sha256 == "ab" * 32
    assert main(["model", "hash", str(path), "--write", "--replace"]) == 0
    assert load_manifest(path.with_suffix(".yaml")).sha256 == sha256_file(path)


def test_model_hash_write_records_nothing_for_a_model_that_does_not_load(
    tmp_path: Path, capsys
) -> None:
    path = small_model(tmp_path / "m.onnx", sha=False)
    path.write_bytes(path.read_bytes()[:300])  # truncated
    before = path.with_suffix(".yaml").read_text()
    assert main(["model", "hash", str(path), "--write"]) == 1
    assert "not ONNX" in capsys.readouterr().err
    assert path.with_suffix(".yaml").read_text() == before


def test_model_hash_write_creates_a_manifest_for_a_bare_onnx(tmp_path: Path, capsys) -> None:
    path = bare_model(tmp_path / "bare.onnx")
    assert main(["model", "hash", str(path)]) == 1
    assert "manifest  none" in capsys.readouterr().out
    assert main(["model", "hash", str(path), "--write"]) == 0
    assert "review them" in capsys.readouterr().out
    manifest = load_manifest(path.with_suffix(".yaml"))
    assert manifest.sha256 == sha256_file(path) and manifest.file == "bare.onnx"
    assert manifest.classes == CLASSES
    assert load_validated(path, timeout_s=60).info.sha256 == manifest.sha256


def test_with_sha256_edits_one_line_or_rewrites_what_it_cannot_edit() -> None:
    digest = "cd" * 32
    block = (
        "name: x  # the name\nversion: '1'\nclasses: [a]\n"
        f"provenance:\n  weights: {{file: w.pt, sha256: {'ef' * 32}}}\n"
    )
    out = with_sha256(block, digest)
    assert out.startswith(f"name: x  # the name\nversion: '1'\nsha256: {digest}\n")
    assert yaml.safe_load(out)["provenance"]["weights"]["sha256"] == "ef" * 32
    again = with_sha256(out, "01" * 32)
    assert yaml.safe_load(again)["sha256"] == "01" * 32 and digest not in again
    flow = "{name: x, version: '1', classes: [a]}\n"
    assert yaml.safe_load(with_sha256(flow, digest)) == {
        "name": "x",
        "version": "1",
        "classes": ["a"],
        "sha256": digest,
    }


def test_model_info_says_whether_the_hash_is_recorded(tmp_path: Path, capsys) -> None:
    path = small_model(tmp_path / "m.onnx", sha=False)
    assert main(["model", "info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sha256_recorded"] is False
    assert main(["model", "info", str(path)]) == 0
    assert "a station refuses this model" in capsys.readouterr().out
    small_model(path)
    assert main(["model", "info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sha256_recorded"] is True


# ------------------------------------------------------------------ load time limit
@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["detect", "--timeout", "2", "--model", "{model}", "{image}"], 2),
        (["model", "info", "{model}", "--timeout", "2"], 1),
    ],
)
def test_a_model_that_never_finishes_loading_is_stopped(
    tmp_path: Path, argv: list[str], code: int
) -> None:
    model = build_hanging_model(tmp_path / "hang.onnx")
    image = tmp_path / "scan.png"
    cv2.imwrite(str(image), np.full((64, 64, 3), 90, np.uint8))
    args = [a.format(model=model, image=image) for a in argv]
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "inspector_app", *args], capture_output=True, text=True, timeout=120
    )
    assert time.monotonic() - start < 60
    assert result.returncode == code
    assert "did not finish loading within 2 s" in result.stderr
    assert "Traceback" not in result.stderr

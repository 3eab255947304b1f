"""Speed parts of the detector, checked for correctness (their speed is measured in bench/).

Decoding JPEG scans at the scale the network needs (imaging.reduced_decode) must give boxes in
full-image pixels that agree with a full decode.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector_app.imaging.decode import ImageDecodeError, decode_file
from inspector_app.imaging.reduced_decode import (
    ReducedImage,
    decode_file_reduced,
    reduction_factor,
)

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "models" / "parcel-threat-det.onnx"


def test_reduction_factor_is_the_largest_that_keeps_the_needed_size() -> None:
    assert reduction_factor(2000, 1000, 384, 192) == 4
    assert reduction_factor(2000, 1000, 640, 320) == 2
    assert reduction_factor(4000, 2000, 384, 192) == 8
    assert reduction_factor(1000, 500, 640, 320) == 1
    assert reduction_factor(2000, 300, 384, 192) == 1  # one axis too short


@pytest.mark.parametrize("width,height", [(2000, 1000), (2003, 1001)])
def test_reduced_jpeg_maps_back_to_full_pixels(tmp_path: Path, width: int, height: int) -> None:
    """A dark block at known full-image pixels is found there again after a 1/4 decode."""
    image = np.full((height, width, 3), 230, np.uint8)
    x1, y1, x2, y2 = 1212, 404, 1600, 720
    image[y1:y2, x1:x2] = 20
    path = tmp_path / "wide.jpg"
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 95])

    reduced = decode_file_reduced(path, lambda w, h: (384, 192))
    assert reduced.factor == 4
    assert (reduced.full_width, reduced.full_height) == (width, height)
    assert reduced.rgb.shape == (-(-height // 4), -(-width // 4), 3)
    dark = np.argwhere(reduced.rgb[:, :, 0] < 125)
    (ry1, rx1), (ry2, rx2) = dark.min(axis=0), dark.max(axis=0) + 1
    box = np.array([[rx1, ry1, rx2, ry2]], np.float32)
    reduced.to_full(box)
    assert np.abs(box[0] - [x1, y1, x2, y2]).max() <= 4  # one reduced pixel

    whole = reduced.to_full(np.array([[0, 0, reduced.rgb.shape[1], reduced.rgb.shape[0]]], float))
    assert whole[0].tolist() == [0, 0, width, height]  # clipped to the full image


def test_small_or_non_jpeg_scans_are_decoded_in_full(tmp_path: Path) -> None:
    png = tmp_path / "wide.png"
    cv2.imwrite(str(png), np.full((1000, 2000, 3), 100, np.uint8))
    reduced = decode_file_reduced(png, lambda w, h: (384, 192))
    assert reduced.factor == 1 and reduced.rgb.shape == (1000, 2000, 3)
    small = tmp_path / "small.jpg"
    cv2.imwrite(str(small), np.full((300, 500, 3), 100, np.uint8))
    assert decode_file_reduced(small, lambda w, h: (384, 192)).factor == 1


def test_truncated_jpeg_is_refused_like_a_full_decode(tmp_path: Path) -> None:
    path = tmp_path / "cut.jpg"
    ok, data = cv2.imencode(".jpg", np.full((1000, 2000, 3), 90, np.uint8))
    assert ok
    path.write_bytes(data.tobytes()[: len(data) // 2])
    with pytest.raises(ImageDecodeError, match="incomplete"):
        decode_file(path)
    with pytest.raises(ImageDecodeError, match="incomplete"):
        decode_file_reduced(path, lambda w, h: (384, 192))


def _iou(a: list[float], b: list[float]) -> float:
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@pytest.mark.skipif(not SHIPPED.is_file(), reason="no shipped model")
def test_shipped_model_boxes_agree_with_full_decode(tmp_path: Path) -> None:
    """Wide simulated parcel JPEGs: every confident box of the full decode is found, same
    class, within two network pixels (~10 full-image pixels at 2000 -> 384), after a 1/4 decode.
    The network input differs slightly (DCT scaling vs area resize), so scores move a little:
    only boxes clear of the threshold are compared."""
    from inspector_app.detection import Detector
    from inspector_app.imaging.dual_energy import pseudocolor
    from inspector_app.simulation import simulate_parcel

    det = Detector.load(SHIPPED)
    compared = 0
    for seed in (7_000_013, 7_000_017, 7_000_019, 7_000_022):  # bench seeds with clear threats
        sim = simulate_parcel(seed, threat_rate=0.6)
        wide = cv2.resize(pseudocolor(sim.low, sim.high), (2000, 1000))
        path = tmp_path / f"scan_{seed}.jpg"
        cv2.imwrite(str(path), wide[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])

        full = det.detect(decode_file(path).rgb).detections
        reduced_image = decode_file_reduced(path, det.needed_size)
        assert isinstance(reduced_image, ReducedImage) and reduced_image.factor == 4
        reduced = det.detect_reduced(reduced_image).detections
        tolerance = 2 * 2000 / 384
        for d in full:
            if d.score < 0.4:
                continue
            same = [r for r in reduced if r.class_id == d.class_id]
            assert same, f"{d.label} {d.score:.2f} lost by the reduced decode"
            best = max(same, key=lambda r: _iou(r.box.as_list(), d.box.as_list()))
            deviation = np.abs(np.subtract(best.box.as_list(), d.box.as_list())).max()
            assert deviation <= tolerance, (d, best)
            assert abs(best.score - d.score) < 0.1
            compared += 1
    assert compared >= 3  # the check compared real detections


@pytest.mark.skipif(not SHIPPED.is_file(), reason="no shipped model")
def test_model_quantize_check_accepts_or_refuses_by_map50(tmp_path: Path, capsys) -> None:
    """`model quantize --check DATA` evaluates the INT8 copy of the shipped model against the
    float model on a labelled simulated set: kept within one mAP50 point, else removed."""
    import shutil

    from inspector_app.cli import main
    from inspector_app.simulation.dataset import write_dataset

    model = tmp_path / SHIPPED.name
    shutil.copy(SHIPPED, model)
    shutil.copy(SHIPPED.with_suffix(".yaml"), model.with_suffix(".yaml"))
    data = tmp_path / "eval"
    write_dataset(data, 24, seed=7_100_000, workers=1, progress=False, channels=False)

    command = ["model", "quantize", str(model), "--calib", str(data / "images"), "--check"]
    code = main([*command, str(data)])
    out = capsys.readouterr()
    int8 = tmp_path / f"{model.stem}-int8.onnx"
    assert "mAP50 float" in out.out
    drop = float(out.out.split("(drop ")[1].split(",")[0])
    if code == 0:
        assert int8.is_file() and "INT8 accepted" in out.out and drop <= 0.01
    else:
        assert code == 1 and not int8.exists() and "refused" in out.err and drop > 0.01

    # The same copy against a limit it cannot meet (a required gain) is refused and removed.
    code = main([*command, str(data), "--max-drop", "-0.5"])
    out = capsys.readouterr()
    assert code == 1 and "INT8 refused" in out.err
    assert not int8.exists() and not int8.with_suffix(".yaml").exists()


@pytest.mark.parametrize(
    "policy,spinning,stop",
    [
        (False, "0", None),
        ("off", "0", None),
        (True, "1", None),
        ("on", "1", None),
        ("busy", "1", "1"),
    ],
)
def test_spin_policies_set_onnxruntime_options(policy, spinning: str, stop: str | None) -> None:
    from inspector_app.detection.runtime import session_options

    opts = session_options(2, policy)
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == spinning
    if stop is not None:
        assert opts.get_session_config_entry("session.force_spinning_stop") == stop


def test_spin_policy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector_app.detection.runtime import session_options

    monkeypatch.delenv("INSPECTOR_ORT_SPIN", raising=False)
    assert session_options(1).get_session_config_entry("session.intra_op.allow_spinning") == "0"
    monkeypatch.setenv("INSPECTOR_ORT_SPIN", "busy")
    opts = session_options(1)
    assert opts.get_session_config_entry("session.force_spinning_stop") == "1"
    monkeypatch.setenv("INSPECTOR_ORT_SPIN", "always")
    with pytest.raises(ValueError, match="spin_wait"):
        session_options(1)


def test_detect_cli_reduced_and_full_decode_give_full_image_boxes(
    tmp_path: Path, fixed_box_model
) -> None:
    """`inspector-app detect` on a 2560x1280 JPEG (decoded at 1/4 for a 640 model) and with
    --full-decode: the same knife box, in full-image pixels."""
    import json
    import subprocess
    import sys

    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife", "handgun"])
    wide = tmp_path / "wide.jpg"
    cv2.imwrite(str(wide), np.full((1280, 2560, 3), 200, np.uint8))
    boxes = []
    for extra in ([], ["--full-decode"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "inspector_app",
                "detect",
                "--json",
                "--model",
                str(model),
                *extra,
                str(wide),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        (det,) = json.loads(result.stdout)["detections"]
        boxes.append(det["box"])
    # 640x640 letterbox of 2560x1280: scale 0.25, the 128 px box is 512 px, centred
    assert boxes[0] == pytest.approx([1024, 384, 1536, 896], abs=1.0)
    assert boxes[1] == pytest.approx(boxes[0], abs=1.0)

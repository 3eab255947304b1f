"""Whole processes, one run: `inspector-app detect` vs Ultralytics' predictor on one YOLOv8n ONNX.

    bash bench/peer_venv.sh                    # once: /work/peer-venv (never the product venv)
    .venv/bin/python bench/make_wide_scans.py /tmp/wide80 --count 80
    .venv/bin/python bench/bench_peer_process.py --peer /work/peer-venv/bin/python \\
        --scans /tmp/wide80 --rounds 3 --json /tmp/peer_process.json

The YOLOv8n is built in the peer venv from `yolov8n.yaml` (no weight download; BatchNorm
recalibrated on simulated scans, class logits spread, exported with dynamic shape; see
bench_detector.PEER_SCRIPT). Each round runs, one after the other, as separate processes over the
same JPEG files (default 80 wide 2000x1000 parcel scans), the order rotated each round:
  ours        `python -m inspector_app detect --json --conf 0.25` (JPEGs decoded at the scale the
              network needs, boxes mapped back to full pixels)
  ours-full   the same with `--full-decode`
  ours-int8   the same on `inspector-app model quantize` of that ONNX (calibrated on 12 simulated
              scans that are not among the timed ones)
  peer        `YOLO(onnx).predict(path, imgsz=640, conf=0.25, iou=0.5, max_det=300)` per file
Per-scan time = process wall time / scans (start-up, model load and imports included: what a user
waits for). Box check at fp32: every peer box above 0.25 must have an `ours-full` box of the same
class with IoU >= 0.99 (both sides decode the full JPEG and letterbox with bilinear resize).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

PEER_PREDICT = r"""
import json, sys
from ultralytics import YOLO
cfg = json.loads(sys.argv[1])
model = YOLO(cfg["onnx"], task="detect")
out = []
for f in cfg["files"]:
    b = model.predict(f, imgsz=640, conf=cfg["conf"], iou=cfg["iou"], max_det=300,
                      verbose=False)[0].boxes
    out.append([[*xyxy, float(c), model.names[int(k)]] for xyxy, c, k in
                zip(b.xyxy.tolist(), b.conf.tolist(), b.cls.tolist())])
with open(cfg["out"], "w") as fh:
    json.dump(out, fh)
"""


def _iou(a: list[float], b: list[float]) -> float:
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall, proc.stdout


def prepare_models(peer: str, tmp: Path) -> tuple[Path, Path]:
    """YOLOv8n exported in the peer venv, its manifest (post-processing like the peer's
    predict: top class per box, NMS IoU 0.5, bilinear letterbox) and an INT8 copy."""
    from bench_detector import SAMPLES, _peer

    from inspector_app.detection import Detector
    from inspector_app.detection.manifest import dump_manifest
    from inspector_app.detection.quantize import quantize_model

    onnx_path = Path(_peer(peer, ["export", str(tmp), str(SAMPLES)], tmp))
    onnx_path = onnx_path if onnx_path.is_absolute() else tmp / onnx_path
    det = Detector.load(onnx_path)
    manifest = det.manifest.model_copy(update={"nms_iou": 0.5, "multi_label": False})
    dump_manifest(manifest, onnx_path.with_suffix(".yaml"))
    int8 = quantize_model(onnx_path, SAMPLES).onnx_path
    return onnx_path, int8


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--peer", required=True, help="python of the peer venv (with ultralytics)")
    p.add_argument("--scans", type=Path, required=True, help="folder of .jpg scans")
    p.add_argument("--count", type=int, default=80)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--conf", type=float, default=0.25)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    files = sorted(args.scans.glob("*.jpg"))[: args.count]
    if not files:
        p.error(f"no .jpg scans in {args.scans} (bench/make_wide_scans.py writes them)")

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        onnx_path, int8 = prepare_models(args.peer, tmp)
        env_ours = dict(os.environ)
        env_peer = dict(os.environ, YOLO_OFFLINE="1", YOLO_CONFIG_DIR=str(tmp / "ucfg"))
        ours = [sys.executable, "-m", "inspector_app", "detect", "--json", "--conf", str(args.conf)]
        variants = {
            "ours": [*ours, "--model", str(onnx_path), *map(str, files)],
            "ours-full": [*ours, "--full-decode", "--model", str(onnx_path), *map(str, files)],
            "ours-int8": [*ours, "--model", str(int8), *map(str, files)],
            "peer": [
                args.peer,
                "-c",
                PEER_PREDICT,
                json.dumps(
                    {
                        "onnx": str(onnx_path),
                        "files": [str(f) for f in files],
                        "conf": args.conf,
                        "iou": 0.5,
                        "out": str(tmp / "peer_boxes.json"),
                    }
                ),
            ],
        }
        walls: dict[str, list[float]] = {k: [] for k in variants}
        outputs: dict[str, str] = {}
        names = list(variants)
        for r in range(args.rounds):  # order rotated each round: no variant always goes first
            for name in names[r % len(names) :] + names[: r % len(names)]:
                cmd = variants[name]
                wall, out = _timed(cmd, env_peer if name == "peer" else env_ours, tmp)
                walls[name].append(wall / len(files) * 1000)
                outputs[name] = out
                print(f"  {name:<10} {walls[name][-1]:7.1f} ms/scan", flush=True)
        peer_boxes = json.loads((tmp / "peer_boxes.json").read_text())

    def boxes(stdout: str) -> list[list[list]]:
        rows = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
        return [[[*d["box"], d["score"], d["label"]] for d in r["detections"]] for r in rows]

    match = {}
    for name in ("ours-full", "ours", "ours-int8"):
        mine_all = boxes(outputs[name])
        matched = total = 0
        for mine, theirs in zip(mine_all, peer_boxes, strict=True):
            for t in theirs:
                total += 1
                matched += any(m[5] == t[5] and _iou(m, t) >= 0.99 for m in mine)
        match[name] = {
            "peer_boxes": total,
            "matched_iou99": matched,
            "ours_boxes": sum(len(m) for m in mine_all),
        }

    med = {k: statistics.median(v) for k, v in walls.items()}
    report = {
        "scans": len(files),
        "rounds": args.rounds,
        "conf": args.conf,
        "load_average": os.getloadavg(),
        "cpu_count": os.cpu_count(),
        "ms_per_scan_median": {k: round(v, 2) for k, v in med.items()},
        "ms_per_scan_all": {k: [round(x, 2) for x in v] for k, v in walls.items()},
        "speedup_vs_peer": {k: round(med["peer"] / med[k], 3) for k in med if k != "peer"},
        "box_match_vs_peer": match,
    }
    print(
        f"{len(files)} scans x {args.rounds} rounds, whole processes "
        f"(load {report['load_average'][0]:.1f})"
    )
    for k, v in med.items():
        ratio = f"  x{report['speedup_vs_peer'][k]} vs peer" if k != "peer" else ""
        print(f"  {k:<10} {v:7.1f} ms/scan{ratio}")
    for k, m in match.items():
        print(
            f"  boxes {k}: {m['matched_iou99']}/{m['peer_boxes']} peer boxes matched "
            f"(same class, IoU>=0.99); ours {m['ours_boxes']}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

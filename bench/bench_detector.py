"""Detector benchmark: pipeline overhead vs bare session.run, throughput and latency on wide scans.

    .venv/bin/python bench/bench_detector.py                      # shipped model, 2000x1000 scans
    .venv/bin/python bench/bench_detector.py --model M.onnx --int8 M-int8.onnx --json out.json

What it measures, on the same images in one run (measurements interleaved so load from other
processes hits all variants alike):
  bare      session.run on the tensor the pipeline prepares (nothing else)
  pipeline  Detector.detect(rgb): letterbox + run + decode outputs + NMS + un-map
  file      decode the PNG file + Detector.detect (what a hot-folder scan costs)
  square    the same model fed a square 640x640 letterbox instead of the rectangular input
  int8      (with --int8) the quantized model through the pipeline
  spin      the pipeline with onnxruntime spin-waiting on (its default), timed alone
  peer      (with --peer PYTHON) Ultralytics YOLO(onnx).predict on a YOLOv8n exported in that
            venv, vs our fp32 and INT8 pipelines on the same file and scans
Overhead = pipeline / bare - 1. Throughput = scans/s of the sequential pipeline loop.
See bench/README_detector.md.
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

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from inspector_app.detection import Detector  # noqa: E402
from inspector_app.detection.manifest import dump_manifest  # noqa: E402


def simulated_samples(count: int = 12, seed: int = 7_000_000) -> Path:
    """Parcel scans from our own simulator (seeds outside training), written once to a temp dir.

    The real reference scans in shared/ are for looking at only: nothing here fits (BatchNorm,
    INT8 calibration) or measures on them.
    """
    import tempfile

    from inspector_app.feeds.demo import render_parcel

    folder = Path(tempfile.gettempdir()) / f"inspector-bench-scans-{seed}-{count}"
    if len(list(folder.glob("*.png"))) < count:
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(count):
            rgb = render_parcel(seed + index, 0.6)[0]
            cv2.imwrite(str(folder / f"scan_{index:03d}.png"), rgb[:, :, ::-1])
    return folder


SAMPLES = simulated_samples()


def scan_images(n: int, width: int, height: int, folder: Path | None) -> list[np.ndarray]:
    """Wide parcel-shaped RGB scans: simulated parcels stretched to size, else synthetic."""
    files = sorted((folder or SAMPLES).glob("*.jpg")) + sorted((folder or SAMPLES).glob("*.png"))
    images = []
    rng = np.random.default_rng(0)
    for i in range(n):
        if files:
            bgr = cv2.imread(str(files[i % len(files)]))
            assert bgr is not None, files[i % len(files)]
            img = cv2.resize(bgr, (width, height), interpolation=cv2.INTER_LINEAR)[:, :, ::-1]
            img = np.ascontiguousarray(np.roll(img, i * 97, axis=1))
        else:
            img = np.full((height, width, 3), 235, np.uint8)
            for _ in range(40):
                x, y = rng.integers(0, width - 200), rng.integers(0, height - 200)
                colour = tuple(int(c) for c in rng.integers(0, 255, 3))
                cv2.rectangle(img, (int(x), int(y)), (int(x) + 180, int(y) + 120), colour, -1)
        images.append(img)
    return images


def synthetic_model(tmp: Path) -> Path:
    """A YOLOv8n-cost CNN (about 2 GMAC at 640x320) when no shipped model exists yet."""
    sys.path.insert(0, str(REPO / "tests"))
    from onnx_builders import build_conv_detector, manifest_dict, write_manifest

    path = build_conv_detector(tmp / "synthetic.onnx", 10, width=64, cls_bias=-1.8)
    write_manifest(tmp / "synthetic.yaml", manifest_dict(
        [f"c{i}" for i in range(10)], "yolov8",
        input={"width": 640, "height": 640, "dynamic": True}))
    return path


def square_variant(model: Path, tmp: Path) -> Path | None:
    """Same model, manifest forcing a square input: shows what the rectangular input saves."""
    det = Detector.load(model)
    if not det.manifest.input.dynamic:
        return None
    side = max(det.manifest.input.width, det.manifest.input.height)
    (tmp / "square").mkdir(exist_ok=True)
    copy = tmp / "square" / model.name
    copy.write_bytes(model.read_bytes())
    dump_manifest(det.manifest.model_copy(update={"input": det.manifest.input.model_copy(
        update={"dynamic": False, "width": side, "height": side})}), copy.with_suffix(".yaml"))
    return copy


PEER_SCRIPT = r"""
import json, sys, time, glob
import cv2, numpy as np, torch
from ultralytics import YOLO

mode, workdir = sys.argv[1], sys.argv[2]
if mode == "export":
    # YOLOv8n from its YAML (no weights download). Random weights give near-constant scores, so
    # recalibrate BatchNorm on simulated parcel scans and spread the class logits: scores then vary
    # with the image and NMS has real work, as with a trained model.
    torch.manual_seed(0)
    model = YOLO("yolov8n.yaml")
    net = model.model
    files = sorted(glob.glob(sys.argv[3] + "/*.png"))[:8]
    x = torch.stack([torch.from_numpy(cv2.resize(cv2.imread(f), (640, 640))[:, :, ::-1].copy())
                     .permute(2, 0, 1).float() / 255 for f in files])
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    net.train()
    with torch.no_grad():
        net(x)
    for seq in net.model[-1].cv3:
        torch.nn.init.normal_(seq[-1].weight, 0, 0.1)
        torch.nn.init.constant_(seq[-1].bias, -4.0)
    net.eval()
    path = model.export(format="onnx", imgsz=640, dynamic=True, opset=17, simplify=False)
    print("PEER_ONNX " + str(path))
else:
    cfg = json.loads(sys.argv[3])
    model = YOLO(cfg["onnx"], task="detect")
    images = [cv2.imread(f) for f in cfg["files"]]
    kw = dict(imgsz=640, conf=cfg["conf"], iou=cfg["iou"], verbose=False, max_det=300)
    model.predict(images[0], **kw)  # warm-up
    times, boxes = [], []
    for r in range(cfg["rounds"]):
        for img in images:
            t = time.perf_counter()
            model.predict(img, **kw)
            times.append(time.perf_counter() - t)
    if cfg["match_conf"] is not None:  # boxes for the equivalence check, untimed
        for img in images:
            b = model.predict(img, **{**kw, "conf": cfg["match_conf"]})[0].boxes
            boxes.append([[*xyxy, float(c), int(k)] for xyxy, c, k in
                          zip(b.xyxy.tolist(), b.conf.tolist(), b.cls.tolist())])
    print("PEER_RESULT " + json.dumps({"times": times, "boxes": boxes}))
"""


def _peer(python: str, args: list[str], tmp: Path) -> str:
    env = dict(os.environ, YOLO_OFFLINE="1", YOLO_CONFIG_DIR=str(tmp / "ultralytics-cfg"))
    proc = subprocess.run([python, "-c", PEER_SCRIPT, *args], capture_output=True, text=True,
                          cwd=tmp, env=env, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("PEER_"):
            return line.split(" ", 1)[1]
    raise RuntimeError(f"peer run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")


def _iou(a: list[float], b: list[float]) -> float:
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def peer_comparison(python: str, images: list[np.ndarray], files: list[Path], tmp: Path,
                    rounds: int, conf: float, iou: float, threads: int | None,
                    match_conf: float) -> dict:
    """Ultralytics YOLO(onnx).predict vs our Detector on one YOLOv8n ONNX, same images."""
    onnx_path = Path(_peer(python, ["export", str(tmp), str(SAMPLES)], tmp))
    onnx_path = onnx_path if onnx_path.is_absolute() else tmp / onnx_path
    # Match Ultralytics predict's post-processing: top class per box (multi_label=False).
    like_peer = {"nms_iou": iou, "multi_label": False}
    det = Detector.load(onnx_path, threads=threads)
    det.manifest = det.manifest.model_copy(update=like_peer)
    det.detect(images[0], conf=conf)
    from inspector_app.detection.quantize import quantize_model

    q = quantize_model(onnx_path, SAMPLES)  # calibrated on simulated parcels
    det8 = Detector.load(q.onnx_path, threads=threads)
    det8.manifest = det8.manifest.model_copy(update=like_peer)
    det8.detect(images[0], conf=conf)
    ours8: list[float] = []
    ours: list[float] = []
    peer: list[float] = []
    cfg = {"onnx": str(onnx_path), "files": [str(f) for f in files], "conf": conf, "iou": iou,
           "rounds": 1, "match_conf": match_conf}
    for block in range(rounds):  # alternate blocks so machine load hits both alike
        for img in images:
            t = time.perf_counter()
            det.detect(img, conf=conf)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            det8.detect(img, conf=conf)
            ours8.append(time.perf_counter() - t)
        result = json.loads(_peer(python, ["predict", str(tmp), json.dumps(cfg)], tmp))
        peer += result["times"]
        if block == 0:
            peer_boxes = result["boxes"]
            cfg["match_conf"] = None
    our_boxes = [[[*d.box.as_list(), d.score, d.class_id]
                  for d in det.detect(img, conf=match_conf).detections] for img in images]
    matched = total_peer = total_ours = 0
    for mine, theirs in zip(our_boxes, peer_boxes, strict=True):
        total_peer += len(theirs)
        total_ours += len(mine)
        for t in theirs:
            if any(m[5] == t[5] and _iou(m, t) >= 0.99 for m in mine):
                matched += 1
    med_ours, med_peer = statistics.median(ours) * 1000, statistics.median(peer) * 1000
    med_int8 = statistics.median(ours8) * 1000
    return {
        "model": f"YOLOv8n (Ultralytics YAML, BN recalibrated), {onnx_path.name}, dynamic",
        "conf": conf, "iou": iou, "match_conf": match_conf,
        "ours_median_ms": round(med_ours, 2), "peer_median_ms": round(med_peer, 2),
        "ours_p95_ms": round(pct([x * 1000 for x in ours], 95), 2),
        "peer_p95_ms": round(pct([x * 1000 for x in peer], 95), 2),
        "speedup": round(med_peer / med_ours, 3),
        "ours_int8_median_ms": round(med_int8, 2),
        "speedup_int8": round(med_peer / med_int8, 3),
        "boxes_peer": total_peer, "boxes_ours": total_ours,
        "peer_boxes_matched_iou99": matched,
        "match_rate": round(matched / total_peer, 4) if total_peer else None,
    }


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, help="ONNX model (default: first models/*.onnx)")
    p.add_argument("--int8", type=Path, help="also time this quantized model")
    p.add_argument("--images", type=int, default=20, help="distinct scans (default 20)")
    p.add_argument("--rounds", type=int, default=3, help="passes over the scans (default 3)")
    p.add_argument("--size", default="2000x1000", help="scan WxH (default 2000x1000)")
    p.add_argument("--threads", type=int, help="intra-op threads (default: physical cores)")
    p.add_argument("--images-dir", type=Path, help="folder of .jpg/.png scans to use")
    p.add_argument("--json", type=Path, help="write the figures as JSON")
    p.add_argument("--peer", metavar="PYTHON",
                   help="python of a separate venv with ultralytics: compare against "
                   "YOLO(onnx).predict on a YOLOv8n exported there (never the product venv)")
    p.add_argument("--peer-conf", type=float, default=0.25, help="conf for the timed runs")
    p.add_argument("--match-conf", type=float, default=0.01,
                   help="low conf for the same-boxes check (default 0.01)")
    args = p.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        model = args.model or next(iter(sorted((REPO / "models").glob("*.onnx"))), None)
        model = model or synthetic_model(tmp)
        det = Detector.load(model, threads=args.threads)
        variants = {"pipeline": det}
        sq = square_variant(model, tmp)
        if sq is not None:
            variants["square"] = Detector.load(sq, threads=args.threads)
        if args.int8:
            variants["int8"] = Detector.load(args.int8, threads=args.threads)

        images = scan_images(args.images, width, height, args.images_dir)
        files = []
        for i, img in enumerate(images):
            f = tmp / f"scan{i}.png"
            cv2.imwrite(str(f), img[:, :, ::-1], [cv2.IMWRITE_PNG_COMPRESSION, 1])
            files.append(f)
        tensors = [det.prepare(img)[0].copy() for img in images]
        from inspector_app.imaging.decode import decode_file
        from inspector_app.imaging.reduced_decode import decode_file_reduced

        jpegs = []
        for i, img in enumerate(images):
            f = tmp / f"scan{i}.jpg"
            cv2.imwrite(str(f), img[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])
            jpegs.append(f)
        # the scan as `inspector-app detect` decodes a JPEG: at 1/2, 1/4 or 1/8 of its size
        reduced = [decode_file_reduced(f, det.needed_size) for f in jpegs]

        times: dict[str, list[float]] = {
            k: [] for k in ("bare", "file", "jpeg", "jpeg_reduced", "reduced", *variants)
        }
        for v in variants.values():  # warm every input shape once
            v.detect(images[0])
        det.session.run(None, {det.input_name: tensors[0]})
        for _ in range(args.rounds):
            for img, tensor, f, jpg, red in zip(images, tensors, files, jpegs, reduced,
                                                strict=True):
                t = time.perf_counter()
                det.session.run([det.output_name], {det.input_name: tensor})
                times["bare"].append(time.perf_counter() - t)
                t = time.perf_counter()
                det.detect_reduced(red)
                times["reduced"].append(time.perf_counter() - t)
                t = time.perf_counter()
                det.detect(decode_file(jpg).rgb)
                times["jpeg"].append(time.perf_counter() - t)
                t = time.perf_counter()
                det.detect_reduced(decode_file_reduced(jpg, det.needed_size))
                times["jpeg_reduced"].append(time.perf_counter() - t)
                for name, v in variants.items():
                    t = time.perf_counter()
                    v.detect(img)
                    times[name].append(time.perf_counter() - t)
                t = time.perf_counter()
                det.detect(decode_file(f).rgb)
                times["file"].append(time.perf_counter() - t)

        n = len(times["bare"])
        start = time.perf_counter()
        for _ in range(args.rounds):
            for img in images:
                det.detect(img)
        throughput = args.rounds * len(images) / (time.perf_counter() - start)
        # Spin-waiting threads disturb every other session, so this variant runs alone, last.
        spin = Detector.load(model, threads=args.threads, spin_wait=True)
        spin.detect(images[0])
        spin_ms = []
        for _ in range(args.rounds):
            for img in images:
                t = time.perf_counter()
                spin.detect(img)
                spin_ms.append((time.perf_counter() - t) * 1000)
        del spin
        peer = None
        if args.peer:
            peer = peer_comparison(args.peer, images, files, tmp, args.rounds, args.peer_conf,
                                   0.5, args.threads, args.match_conf)

    ms = {k: [x * 1000 for x in v] for k, v in times.items()}
    med = {k: statistics.median(v) for k, v in ms.items()}
    report = {
        "model": {"name": det.info.name, "version": det.info.version,
                  "sha256": det.info.sha256, "file": str(model)},
        "scan_size": [width, height],
        "network_input": list(det.input_size_for(width, height)),
        "threads": det.session.get_session_options().intra_op_num_threads,
        "cpu_count": os.cpu_count(),
        "runs_per_variant": n,
        "median_ms": {k: round(v, 2) for k, v in med.items()},
        "p50_ms": round(pct(ms["pipeline"], 50), 2),
        "p95_ms": round(pct(ms["pipeline"], 95), 2),
        "p50_ms_by_variant": {k: round(pct(v, 50), 2) for k, v in ms.items()},
        "p95_ms_by_variant": {k: round(pct(v, 95), 2) for k, v in ms.items()},
        "overhead_vs_bare": round(med["pipeline"] / med["bare"] - 1, 4),
        "overhead_vs_bare_reduced_input": round(med["reduced"] / med["bare"] - 1, 4),
        "reduced_decode": {"factor": reduced[0].factor,
                           "decoded_size": list(reduced[0].rgb.shape[1::-1]),
                           "jpeg_full_vs_reduced": round(med["jpeg"] / med["jpeg_reduced"], 3)},
        "overhead_vs_bare_incl_png_decode": round(med["file"] / med["bare"] - 1, 4),
        "throughput_scans_per_s": round(throughput, 2),
    }
    report["spin_wait_on_median_ms"] = round(statistics.median(spin_ms), 2)
    if "square" in med:
        report["rectangular_speedup_vs_square"] = round(med["square"] / med["pipeline"], 3)
    if "int8" in med:
        report["int8_speedup"] = round(med["pipeline"] / med["int8"], 3)

    print(f"model {report['model']['name']} {report['model']['version']} "
          f"({Path(report['model']['file']).name}), scans {width}x{height} -> input "
          f"{report['network_input'][0]}x{report['network_input'][1]}, "
          f"{report['threads']} threads, {n} runs each")
    for k, v in report["median_ms"].items():
        print(f"  {k:<9} median {v:8.2f} ms")
    print(f"pipeline overhead vs bare session.run: {report['overhead_vs_bare']:+.1%} "
          f"(with PNG decode: {report['overhead_vs_bare_incl_png_decode']:+.1%})")
    for k in report["p50_ms_by_variant"]:
        print(f"  {k:<13} p50 {report['p50_ms_by_variant'][k]:8.2f}  "
              f"p95 {report['p95_ms_by_variant'][k]:8.2f} ms")
    rd = report["reduced_decode"]
    print(f"scan decoded at 1/{rd['factor']} ({rd['decoded_size'][0]}x{rd['decoded_size'][1]}): "
          f"overhead vs bare {report['overhead_vs_bare_reduced_input']:+.1%}; JPEG decode + "
          f"detect, full vs reduced decode: x{rd['jpeg_full_vs_reduced']}")
    print(f"latency p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms; "
          f"throughput {report['throughput_scans_per_s']} scans/s")
    print(f"same pipeline with onnxruntime spin-waiting on (run alone): "
          f"{report['spin_wait_on_median_ms']} ms")
    if "rectangular_speedup_vs_square" in report:
        side = max(det.manifest.input.width, det.manifest.input.height)
        print(f"rectangular input vs square {side}x{side}: "
              f"x{report['rectangular_speedup_vs_square']}")
    if "int8_speedup" in report:
        print(f"int8 vs fp32 pipeline: x{report['int8_speedup']}")
    if peer is not None:
        report["peer"] = peer
        print(f"vs Ultralytics YOLO(onnx).predict on {peer['model']}: ours {peer['ours_median_ms']}"
              f" ms, peer {peer['peer_median_ms']} ms -> x{peer['speedup']} faster; peer boxes "
              f"at conf {peer['match_conf']} matched (same class, IoU>=0.99): "
              f"{peer['peer_boxes_matched_iou99']}/"
              f"{peer['boxes_peer']} (ours {peer['boxes_ours']})")
        print(f"  ours INT8 (static, calibrated on simulated scans) {peer['ours_int8_median_ms']}"
              f" ms -> x{peer['speedup_int8']} faster than the peer's fp32")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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
Overhead = pipeline / bare - 1. Throughput = scans/s of the sequential pipeline loop.
See bench/README_detector.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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

SAMPLES = REPO.parent / "shared" / "samples" / "real-reference"


def scan_images(n: int, width: int, height: int, folder: Path | None) -> list[np.ndarray]:
    """Wide parcel-shaped RGB scans: real X-ray samples stretched to size, else synthetic."""
    files = sorted((folder or SAMPLES).glob("*.jpg")) + sorted((folder or SAMPLES).glob("*.png"))
    images = []
    rng = np.random.default_rng(0)
    for i in range(n):
        if files:
            bgr = cv2.imread(str(files[i % len(files)]))
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

    path = build_conv_detector(tmp / "synthetic.onnx", 10, width=64)
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
    copy = tmp / f"square-{model.name}"
    copy.write_bytes(model.read_bytes())
    dump_manifest(det.manifest.model_copy(update={"input": det.manifest.input.model_copy(
        update={"dynamic": False, "width": side, "height": side})}), copy.with_suffix(".yaml"))
    return copy


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

        times: dict[str, list[float]] = {k: [] for k in ("bare", "file", *variants)}
        for v in variants.values():  # warm every input shape once
            v.detect(images[0])
        det.session.run(None, {det.input_name: tensors[0]})
        for _ in range(args.rounds):
            for img, tensor, f in zip(images, tensors, files, strict=True):
                t = time.perf_counter()
                det.session.run([det.output_name], {det.input_name: tensor})
                times["bare"].append(time.perf_counter() - t)
                for name, v in variants.items():
                    t = time.perf_counter()
                    v.detect(img)
                    times[name].append(time.perf_counter() - t)
                t = time.perf_counter()
                det.detect(decode_file(f).rgb)
                times["file"].append(time.perf_counter() - t)

        n = len(times["bare"])
        start = time.perf_counter()
        for img in images:
            det.detect(img)
        throughput = len(images) / (time.perf_counter() - start)

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
        "overhead_vs_bare": round(med["pipeline"] / med["bare"] - 1, 4),
        "overhead_vs_bare_incl_png_decode": round(med["file"] / med["bare"] - 1, 4),
        "throughput_scans_per_s": round(throughput, 2),
    }
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
    print(f"latency p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms; "
          f"throughput {report['throughput_scans_per_s']} scans/s")
    if "rectangular_speedup_vs_square" in report:
        print(f"rectangular input vs square 640x640: x{report['rectangular_speedup_vs_square']}")
    if "int8_speedup" in report:
        print(f"int8 vs fp32 pipeline: x{report['int8_speedup']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

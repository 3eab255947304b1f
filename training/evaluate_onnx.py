"""Score an exported ONNX model on a YOLO dataset with onnxruntime, and draw a few results.

    python -m training.evaluate_onnx --model models/parcel-threat-det.onnx --data runs/data/test \
        --json runs/test_metrics.json --draw runs/draw --draw-count 6

This is the training side's own check (same metric code as training). The product figures come
from `inspector-app evaluate`.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from training import data as D
from training.metrics import evaluate, postprocess


@dataclass
class Predictions:
    """One model's detections on every image of a dataset, with the ground truth."""

    paths: list[Path]
    preds: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # (xyxy, scores, classes) per image
    gts: list[tuple[np.ndarray, np.ndarray]]  # (xyxy, classes) per image
    times: list[float]
    classes: list[str] | None
    num_classes: int


def predict(
    model: Path, data: Path, size: int, limit: int | None = None, threads: int = 2
) -> Predictions:
    """Run the ONNX file on every image (letterboxed to ``size``), boxes in image pixels."""
    import onnxruntime as ort
    import yaml

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
    manifest = model.with_suffix(".yaml")
    classes = yaml.safe_load(manifest.read_text())["classes"] if manifest.is_file() else None
    paths: list[Path] = []
    for d in D.image_dirs(data, "val"):
        paths += sorted(p for p in d.iterdir() if p.suffix.lower() in D.IMAGE_EXTS)
    paths = paths[:limit] if limit else paths
    preds, gts, times = [], [], []
    for p in paths:
        img = cv2.cvtColor(cv2.imread(str(p), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        h, w = img.shape[:2]
        boxed, r, (left, top) = D.letterbox(img, size)
        x = boxed.transpose(2, 0, 1)[None].astype(np.float32) / 255.0
        t = time.perf_counter()
        out = sess.run(None, {sess.get_inputs()[0].name: x})[0][0]
        times.append(time.perf_counter() - t)
        b, s, c = postprocess(out)
        b = (b - np.array([left, top, left, top], np.float32)) / r
        lab = D.read_labels(D.label_path(p))
        gb = np.stack(
            (
                (lab[:, 1] - lab[:, 3] / 2) * w,
                (lab[:, 2] - lab[:, 4] / 2) * h,
                (lab[:, 1] + lab[:, 3] / 2) * w,
                (lab[:, 2] + lab[:, 4] / 2) * h,
            ),
            1,
        )
        preds.append((b, s, c))
        gts.append((gb, lab[:, 0].astype(np.int64)))
    shape = sess.get_outputs()[0].shape[1]
    nc = int(shape) - 4 if isinstance(shape, int) else len(classes or [])
    return Predictions(paths, preds, gts, times, classes, nc)


def draw_results(found: Predictions, out: Path, count: int, conf: float) -> None:
    """Ground truth in green, detections above ``conf`` in red, for the first ``count`` scans."""
    out.mkdir(parents=True, exist_ok=True)
    for p, (b, s, c), (gb, _) in list(zip(found.paths, found.preds, found.gts, strict=True))[
        :count
    ]:
        canvas = cv2.imread(str(p), cv2.IMREAD_COLOR)
        for g in gb.astype(int):
            cv2.rectangle(canvas, tuple(g[:2]), tuple(g[2:]), (0, 200, 0), 2)
        for bb, ss, cc in zip(b.astype(int), s, c, strict=True):
            if ss < conf:
                continue
            cv2.rectangle(canvas, tuple(bb[:2]), tuple(bb[2:]), (0, 0, 255), 2)
            name = found.classes[cc] if found.classes else str(cc)
            cv2.putText(
                canvas,
                f"{name} {ss:.2f}",
                (int(bb[0]), max(12, int(bb[1]) - 4)),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.45,
                (0, 0, 255),
                1,
            )
        cv2.imwrite(str(out / f"{p.stem}.png"), canvas)


def run(
    model: Path,
    data: Path,
    size: int,
    limit: int | None = None,
    threads: int = 2,
    draw: Path | None = None,
    draw_count: int = 0,
    conf_draw: float = 0.35,
) -> dict:
    found = predict(model, data, size, limit, threads)
    if draw:
        draw_results(found, draw, draw_count, conf_draw)
    res = evaluate(found.preds, found.gts, found.num_classes)
    if found.classes:
        res["ap50_by_name"] = {found.classes[int(k)]: v for k, v in res["ap50"].items()}
    res["n_scans"] = len(found.paths)
    res["size"] = size
    res["p50_ms_session_run"] = round(float(np.median(found.times)) * 1000, 2)
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--size", type=int, default=0, help="letterbox size (default: manifest input)")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", type=Path)
    p.add_argument("--draw", type=Path)
    p.add_argument("--draw-count", type=int, default=6)
    p.add_argument("--draw-conf", type=float, default=0.35, help="draw detections above this")
    args = p.parse_args(argv)
    size = args.size
    if not size:
        import yaml

        size = int(yaml.safe_load(args.model.with_suffix(".yaml").read_text())["input"]["width"])
    res = run(
        args.model,
        args.data,
        size,
        args.limit or None,
        draw=args.draw,
        draw_count=args.draw_count,
        conf_draw=args.draw_conf,
    )
    text = json.dumps(res, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

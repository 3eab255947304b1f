"""Export a trained checkpoint to ONNX in the app's "yolov8" layout and write its manifest.

    python -m training.export --ckpt runs/ptd/best.pt --out models --name parcel-threat-det \
        --version 0.1.0 --metrics runs/ptd/test_metrics.json

Output: models/<name>.onnx (input "images" [1,3,H,W] float32 RGB /255, H and W dynamic multiples
of 32; output "output0" [1, 4+C, N] = cx, cy, w, h in input pixels + sigmoid class scores) and
models/<name>.yaml (manifest with the file's sha256).
"""

from __future__ import annotations

import argparse
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
import yaml

from inspector_app.detection.hashing import sha256_file as sha256_of
from training.model import ExportWrapper, ParcelDet

OPSET = 17

# Customs category per class. pill_pack -> drugs: loose unmarked pills in parcels are the classic
# narcotics/psychotropics concealment; a medicines decision stays open to the inspector.
# liquid_container -> dangerous_goods: the screening question for an unknown liquid is
# flammability/corrosiveness (IATA DG), and liquid drugs are the rarer case.
CATEGORIES = {
    "handgun": "weapons",
    "knife": "weapons",
    "ammunition": "weapons",
    "powder_pack": "drugs",
    "pill_pack": "drugs",
    "liquid_container": "dangerous_goods",
    "banknote_stack": "currency",
    "cigarette_carton": "excise",
    "lithium_battery": "dangerous_goods",
    "wildlife": "wildlife",
}


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_model(ckpt_path: Path) -> tuple[ParcelDet, dict]:
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    model = ParcelDet(len(ck["classes"]), ck["width"])
    model.load_state_dict(ck.get("ema") or ck["model"])
    return model.eval(), ck


def export_onnx(model: ParcelDet, path: Path, size: int, classes: list[str]) -> None:
    """Trace ExportWrapper with dynamic H/W and check it against PyTorch on two shapes."""
    import onnx
    import onnxruntime as ort

    wrapper = ExportWrapper(model).eval()
    dummy = torch.zeros(1, 3, size, size)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        wrapper,
        (dummy,),
        str(path),
        dynamo=False,
        opset_version=OPSET,
        input_names=["images"],
        output_names=["output0"],
        dynamic_axes={"images": {2: "height", 3: "width"}, "output0": {2: "anchors"}},
    )
    proto = onnx.load(str(path))
    meta = {
        "names": str(dict(enumerate(classes))),
        "stride": "32",
        "imgsz": f"[{size}, {size}]",
        "task": "detect",
        "format": "yolov8",
        "author": "inspector_app training/",
    }
    for k, v in meta.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = k, v
    onnx.checker.check_model(proto)
    onnx.save(proto, str(path))
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for h, w in ((size, size), (size - 64, size + 128)):
        x = torch.rand(1, 3, h, w)
        with torch.no_grad():
            ref = wrapper(x).numpy()
        got = sess.run(None, {"images": x.numpy()})[0]
        err = float(np.abs(ref - got).max())
        if got.shape != ref.shape or err > 1e-2:
            raise RuntimeError(
                f"ONNX differs from PyTorch at {h}x{w}: shape {got.shape}, err {err}"
            )
    print(
        f"exported {path} ({path.stat().st_size / 1e6:.2f} MB), opset {OPSET}, checked", flush=True
    )


def save_weights(model: ParcelDet, ck: dict, path: Path, version: str) -> None:
    """The PyTorch weights beside the ONNX file: the start point for `train --finetune`.

    EMA weights and what is needed to rebuild the network, nothing else (no optimiser state):
    ~4 MB. The app never reads it; the build leaves it out.
    """
    state = {
        "ema": {k: v.contiguous() for k, v in model.state_dict().items()},
        "classes": list(ck["classes"]),
        "width": ck["width"],
        "img": ck.get("img", 384),
        "version": version,
    }
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def data_provenance(args: dict) -> dict:
    """Which scans trained the model: simulator seed ranges (from each set's provenance.json)."""
    out: dict = {}
    if args.get("finetune"):
        out["finetune_from"] = str(args["finetune"])
    if args.get("from_scratch"):
        out["sim_sets"] = [
            {"seed": args["sim_seed"], "count": args["sim_count"], "role": "train"},
            {"seed": args["sim_val_seed"], "count": args["sim_val_count"], "role": "val"},
        ]
        return out
    sets = []
    roots = args.get("data") or []
    roots = roots if isinstance(roots, list) else [roots]
    for role, root in [("train", r) for r in roots] + [("val", args.get("val"))]:
        if root is None:
            continue
        prov = Path(root) / "provenance.json"
        if prov.is_file():
            p = json.loads(prov.read_text())
            sets.append(
                {
                    "role": role,
                    "seed": p["seed"],
                    "count": p["count"],
                    "threat_rate": p.get("threat_rate"),
                    "generator": p.get("generator"),
                }
            )
        else:
            sets.append({"role": role, "path": str(root)})
    out["sets"] = sets
    return out


def write_manifest(
    onnx_path: Path,
    name: str,
    version: str,
    classes: list[str],
    size: int,
    ck: dict,
    metrics: dict | None,
    threshold: float,
    extra: dict | None = None,
) -> Path:
    args = ck.get("args", {})
    manifest = {
        "name": name,
        "version": version,
        "file": onnx_path.name,
        "sha256": sha256_of(onnx_path),
        "format": "yolov8",
        "input": {"width": size, "height": size, "dynamic": True},
        "classes": list(classes),
        "thresholds": {"default": threshold, "per_class": {}},
        "categories": {c: CATEGORIES.get(c, "other") for c in classes},
        # training/data.py letterboxes with INTER_AREA when shrinking (LINEAR when enlarging):
        # the station's "area" interpolation, so it feeds the network what it was trained on.
        "preprocess": {
            "color": "rgb",
            "scale": 255.0,
            "letterbox": True,
            "pad_value": 114,
            "interpolation": "area",
        },
        "nms_iou": 0.5,
        "tiling": {"enabled": False, "tile": 640, "overlap": 0.2},
        "provenance": {
            "trained_with": "training/ of inspector_app: own ParcelDet architecture, PyTorch CPU",
            "architecture": f"ParcelDet width {ck.get('width')}, strides 8/16/32, anchor-free",
            "train_image_size": ck.get("img"),
            "epochs": int(ck.get("epoch", -1)) + 1,
            "data": data_provenance(args),
            "generator": ck.get("generator", "inspector_app.simulation"),
            "commit": git_commit(),
            "opset": OPSET,
            "exported": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **(extra or {}),
        },
        "metrics": metrics or {},
    }
    path = onnx_path.with_suffix(".yaml")
    path.write_text(yaml.safe_dump(manifest, sort_keys=False, default_flow_style=None, width=100))
    return path


def metrics_block(evaluate_json: Path | None, own_json: Path | None, note: str = "") -> dict:
    """Manifest metrics from `inspector-app evaluate --json` and training.evaluate_onnx output."""
    out: dict = {}
    if evaluate_json:
        ev = json.loads(evaluate_json.read_text())
        ds = ev["dataset"]
        out.update(
            measured_with="inspector-app evaluate",
            dataset=f"{ds['path']}: {ds['images']} scans ({ds['threat_parcels']} with threats, "
            f"{ds['clean_parcels']} clean), {ds['gt_boxes']} boxes",
            map50=ev["map50"],
            map50_95=ev["map50_95"],
            ap50={k: v["ap50"] for k, v in ev["per_class"].items()},
            pd_at_default_threshold=ev["pd"],
            pfa_at_default_threshold=ev["pfa"],
            p50_ms_eval=ev["speed"]["p50_ms"],
        )
        op = ev.get("pd_at_pfa") or {}
        if op.get("pd") is not None:
            out.update(
                pd_at_pfa_0_05=op["pd"],
                pfa_at_that_threshold=op["pfa"],
                parcel_threshold_for_pfa_0_05=op["parcel_threshold"],
            )
    if own_json:
        own = json.loads(own_json.read_text())
        out.update(
            pd_at_pfa_0_05=own["pd"],
            pfa_at_that_threshold=own["pfa"],
            parcel_threshold_for_pfa_0_05=own["parcel_threshold"],
        )
    if note:
        out["note"] = note
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--ckpt", type=Path, required=True)
    p.add_argument("--out", type=Path, default=Path("models"))
    p.add_argument("--name", default="parcel-threat-det")
    p.add_argument("--version", default="0.1.0")
    p.add_argument(
        "--size", type=int, default=0, help="nominal input size (default: training size)"
    )
    p.add_argument("--threshold", type=float, default=0.35)
    p.add_argument("--metrics", type=Path, help="JSON of held-out metrics to put in the manifest")
    p.add_argument("--generator-version", default=None)
    p.add_argument("--evaluate-json", type=Path, help="`inspector-app evaluate --json` output")
    p.add_argument(
        "--own-json",
        type=Path,
        help="training.evaluate_onnx --json (Pd at Pfa<=5%%; `evaluate --json` has it too)",
    )
    p.add_argument("--note", default="", help="free text for metrics.note")
    p.add_argument("--provenance-note", default="", help="free text for provenance.note")
    p.add_argument(
        "--manifest-only", action="store_true", help="keep the ONNX file, rewrite its manifest"
    )
    p.add_argument(
        "--keep-thresholds",
        action="store_true",
        help="keep the thresholds of the existing manifest (e.g. from training.thresholds)",
    )
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    model, ck = load_model(args.ckpt)
    if args.generator_version:
        ck["generator"] = args.generator_version
    size = args.size or int(ck.get("img", 384))
    onnx_path = args.out / f"{args.name}.onnx"
    weights = onnx_path.with_suffix(".pt")
    if not args.manifest_only:
        export_onnx(model, onnx_path, size, ck["classes"])
        save_weights(model, ck, weights, args.version)
    metrics = json.loads(args.metrics.read_text()) if args.metrics else None
    if args.evaluate_json or args.own_json:
        metrics = metrics_block(args.evaluate_json, args.own_json, args.note)
    extra: dict = {"note": args.provenance_note} if args.provenance_note else {}
    if weights.is_file():
        extra["torch_weights"] = {"file": weights.name, "sha256": sha256_of(weights)}
    old = onnx_path.with_suffix(".yaml")
    kept = yaml.safe_load(old.read_text())["thresholds"] if args.keep_thresholds else None
    manifest = write_manifest(
        onnx_path, args.name, args.version, ck["classes"], size, ck, metrics, args.threshold, extra
    )
    if kept:
        data = yaml.safe_load(manifest.read_text())
        data["thresholds"] = kept
        manifest.write_text(
            yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)
        )
    print(f"wrote {manifest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The detector: one ONNX model + its manifest, turned into boxes on original scan pixels.

Pipeline per scan: letterbox (reused buffers) -> session.run -> adapter decode with per-class
thresholds -> class-aware NMS -> un-map to source pixels. Optional overlapping tiles for long scans.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inspector_app.detection.adapters import (
    Candidates,
    OutputAdapter,
    check_layout,
    get_adapter,
    sniff_format,
)
from inspector_app.detection.errors import InvalidOutputError, ModelLoadError
from inspector_app.detection.letterbox import (
    LetterboxPlan,
    Preprocessor,
    dynamic_input_size,
    plan_letterbox,
)
from inspector_app.detection.manifest import InputSpec, Manifest, Thresholds, load_manifest
from inspector_app.detection.nms import class_aware_nms
from inspector_app.detection.policy import mismatch_message, missing_hash_message, record_hash_hint
from inspector_app.detection.runtime import create_session
from inspector_app.detection.tiling import tile_windows
from inspector_app.domain import Box, Detection, ModelInfo
from inspector_app.imaging.reduced_decode import ReducedImage

log = logging.getLogger(__name__)

DEFAULT_SIZE = 640
DEFAULT_THRESHOLD = 0.25
_FLOAT_TYPES: dict[str, np.dtype] = {
    "tensor(float)": np.dtype(np.float32),
    "tensor(float16)": np.dtype(np.float16),
}


@dataclass(frozen=True, slots=True)
class DetectionResult:
    """Detections for one scan, how long they took, and which exact model produced them."""

    detections: tuple[Detection, ...]
    timing_ms: float
    model: ModelInfo

    def to_dict(self) -> dict[str, Any]:
        return {
            "detections": [d.to_dict() for d in self.detections],
            "timing_ms": round(self.timing_ms, 2),
            "model": {
                "name": self.model.name,
                "version": self.model.version,
                "sha256": self.model.sha256,
            },
        }


def find_manifest(onnx_path: Path) -> Path | None:
    """The manifest that sits beside a model: <stem>.yaml (or .yml)."""
    for suffix in (".yaml", ".yml"):
        candidate = onnx_path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _literal(text: str | None) -> Any:
    if text is None:
        return None
    for parse in (ast.literal_eval, json.loads):
        try:
            return parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return None


def names_from_metadata(meta: dict[str, str]) -> list[str] | None:
    """Class names as Ultralytics exports write them: "{0: 'knife', 1: 'gun'}" (or a list)."""
    value = _literal(meta.get("names"))
    if isinstance(value, dict) and value:
        try:
            return [str(value[k]) for k in sorted(value, key=int)]
        except (TypeError, ValueError):
            return None
    if isinstance(value, list | tuple) and value:
        return [str(v) for v in value]
    return None


def _imgsz_from_metadata(meta: dict[str, str]) -> tuple[int, int] | None:
    value = _literal(meta.get("imgsz"))
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return int(value[1]), int(value[0])  # Ultralytics writes [h, w]
    if isinstance(value, int):
        return value, value
    return None


def as_rgb(image: np.ndarray) -> np.ndarray:
    """Check a scan image and bring grey/RGBA to RGB; anything else is a clear ValueError."""
    if not isinstance(image, np.ndarray):
        raise ValueError(f"the detector needs an image array, got {type(image).__name__}")
    if image.dtype != np.uint8:
        raise ValueError(
            f"the detector needs an 8-bit RGB image, got {image.dtype} pixels; "
            "render 16-bit scans to the display image first"
        )
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"the detector needs an HxWx3 RGB image, got shape {image.shape}")
    if image.shape[0] < 2 or image.shape[1] < 2:
        raise ValueError(f"the scan image is empty or too small: {image.shape[1]}x{image.shape[0]}")
    return image


class Detector:
    """A loaded, warmed-up model. One instance per inference worker (it reuses buffers)."""

    def __init__(
        self,
        session: Any,
        manifest: Manifest,
        info: ModelInfo,
        adapter: OutputAdapter,
        *,
        fixed_size: tuple[int, int] | None,
        dynamic_batch: bool,
        input_dtype: np.dtype,
        path: Path | None = None,
    ) -> None:
        self.session = session
        self.manifest = manifest
        self.info = info
        self.adapter = adapter
        self.path = path
        self.class_names: tuple[str, ...] = tuple(manifest.classes)
        self.categories: dict[str, str] = {c: manifest.category_for(c) for c in manifest.classes}
        self.thresholds = np.array(
            [manifest.threshold_for(c) for c in manifest.classes], np.float32
        )
        self.input_name: str = session.get_inputs()[0].name
        self.output_name: str = session.get_outputs()[0].name
        self._fixed = fixed_size
        self._dynamic = fixed_size is None and manifest.input.dynamic
        self._nominal = (manifest.input.width, manifest.input.height)
        self._dynamic_batch = dynamic_batch
        self.tiled_default: bool | None = None  # station setting; None = manifest decides
        # True when a manifest's SHA-256 was compared with the loaded bytes and matched.
        self.hash_checked = False
        pre = manifest.preprocess
        self._pre = Preprocessor(
            bgr=pre.color == "bgr",
            scale=pre.scale,
            pad_value=pre.pad_value,
            dtype=input_dtype,
            area=pre.interpolation == "area",
        )

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(
        cls,
        onnx_path: Path,
        manifest_path: Path | None = None,
        *,
        providers: list[str] | None = None,
        threads: int | None = None,
        tiled: bool | None = None,
        spin_wait: bool | str | None = None,
        require_hash: bool = False,
        expected_sha256: str | None = None,
    ) -> Detector:
        """Load, check and warm up a model; any problem is a ModelLoadError an operator can read.

        The file is read once; those bytes are hashed, checked against the manifest's `sha256`
        and handed to onnxruntime, so the file cannot change between check and load.
        require_hash: refuse a model whose SHA-256 no manifest records (station use, see
        detection.policy); otherwise it loads with a warning. expected_sha256: refuse bytes
        with another hash (a file already validated in a child process must be the one loaded).

        providers: onnxruntime execution providers to try first (e.g. from station settings);
        the CPU provider is always the fallback. threads: intra-op threads (default: physical
        cores). tiled: station setting for tiled inference (None = as the manifest says).
        spin_wait: onnxruntime spin policy, "off" (False), "on" (True) or "busy" (spin during a
        run only); None: $INSPECTOR_ORT_SPIN or off (detection.runtime.session_options).
        """
        onnx_path = Path(onnx_path)
        manifest_path = manifest_path if manifest_path is not None else find_manifest(onnx_path)
        manifest = load_manifest(Path(manifest_path)) if manifest_path is not None else None
        blob, digest = _read_model(onnx_path)
        hash_checked = _check_hash(onnx_path, digest, manifest, manifest_path, require_hash)
        if expected_sha256 is not None and expected_sha256 != digest:
            raise ModelLoadError(
                f"model file {onnx_path.name} changed while it was being loaded (SHA-256 "
                f"{expected_sha256[:16]}… when checked, {digest[:16]}… when read again), so it "
                "was not loaded"
            )
        session = create_session(blob, str(onnx_path), providers, threads, spin_wait)
        del blob
        meta = dict(session.get_modelmeta().custom_metadata_map or {})
        inp, fixed, dynamic_batch = _image_input(session, onnx_path.name)
        if manifest is not None:
            size = (manifest.input.width, manifest.input.height)
            if fixed is not None and fixed != size:
                raise ModelLoadError(
                    f"manifest says input {size[0]}x{size[1]} but model {onnx_path.name} expects "
                    f"{fixed[0]}x{fixed[1]}"
                )
        else:
            size = fixed or _imgsz_from_metadata(meta) or (DEFAULT_SIZE, DEFAULT_SIZE)

        out = _warm_up(session, inp.name, size, _FLOAT_TYPES[inp.type], onnx_path.name)
        names = list(manifest.classes) if manifest else names_from_metadata(meta)
        adapter, names = _choose_adapter(out.shape, names, manifest, onnx_path.name)
        if manifest is None:
            try:
                manifest = _manifest_from_metadata(
                    onnx_path, meta, digest, adapter, size, fixed, names
                )
            except ValueError as exc:  # pydantic: e.g. repeated class names in the metadata
                raise ModelLoadError(
                    f"model {onnx_path.name} has unusable metadata; add a manifest: {exc}"
                ) from None
        info = ModelInfo(name=manifest.name, version=manifest.version, sha256=digest)
        detector = cls(
            session,
            manifest,
            info,
            adapter,
            fixed_size=fixed,
            dynamic_batch=dynamic_batch,
            input_dtype=_FLOAT_TYPES[inp.type],
            path=onnx_path,
        )
        detector.tiled_default = tiled
        detector.hash_checked = hash_checked
        try:
            detector._warm_up_pipeline()
        except Exception as exc:
            raise ModelLoadError(f"model {onnx_path.name} failed its test scan: {exc}") from exc
        return detector

    def _warm_up_pipeline(self) -> None:
        """Full runs on blank scans so the first real scan does not pay the set-up cost
        (square, and for dynamic models also the 2:1 shape of a typical parcel scan)."""
        w, h = self._nominal
        self.detect(np.full((h, w, 3), 114, np.uint8))
        if self._dynamic:
            self.detect(np.full((h, 2 * w, 3), 114, np.uint8), tiled=False)

    # --------------------------------------------------------------- inference
    def input_size_for(self, width: int, height: int) -> tuple[int, int]:
        """Network input (w, h) used for a source image of this size."""
        if self._fixed is not None:
            return self._fixed
        if self._dynamic:
            return dynamic_input_size(width, height, max(self._nominal))
        return self._nominal

    def plan(self, width: int, height: int) -> LetterboxPlan:
        dst_w, dst_h = self.input_size_for(width, height)
        return plan_letterbox(
            width, height, dst_w, dst_h, letterbox=self.manifest.preprocess.letterbox
        )

    def prepare(self, image_rgb: np.ndarray) -> tuple[np.ndarray, LetterboxPlan]:
        """The exact input tensor the pipeline would feed the session (benchmarks, debugging)."""
        image = as_rgb(image_rgb)
        plan = self.plan(image.shape[1], image.shape[0])
        return self._pre.tensor([image], plan), plan

    def _run(self, tensor: np.ndarray) -> np.ndarray:
        """The raw output; NaN or Inf anywhere refuses the scan (no box from it is trusted)."""
        out = np.asarray(self.session.run([self.output_name], {self.input_name: tensor})[0])
        if not np.isfinite(out).all():
            raise InvalidOutputError()
        return out

    def _infer(self, images: list[np.ndarray], thresholds: np.ndarray) -> list[Candidates]:
        """Candidates in source pixels for images of one size (one scan, or equal tiles)."""
        plan = self.plan(images[0].shape[1], images[0].shape[0])
        if len(images) > 1 and not self._dynamic_batch:
            return [self._infer([im], thresholds)[0] for im in images]
        out = self._run(self._pre.tensor(images, plan))
        results = []
        for i in range(len(images)):
            cand = self.adapter.decode(out[i], thresholds, self.manifest.multi_label)
            if self.adapter.needs_nms and len(cand.scores) > 1:
                keep = class_aware_nms(
                    cand.boxes,
                    cand.scores,
                    cand.class_ids,
                    self.manifest.nms_iou,
                    self.manifest.max_detections,
                )
                cand = Candidates(cand.boxes[keep], cand.scores[keep], cand.class_ids[keep])
            plan.unmap(cand.boxes)
            results.append(cand)
        return results

    def _infer_tiled(self, image: np.ndarray, thresholds: np.ndarray) -> Candidates:
        spec = self.manifest.tiling
        h, w = image.shape[:2]
        windows = tile_windows(w, h, spec.tile, spec.overlap)
        parts = [self._infer([image], thresholds)[0]]  # whole scan: large items stay whole
        crops = [image[y0:y1, x0:x1] for x0, y0, x1, y1 in windows]
        for (x0, y0, _, _), cand in zip(windows, self._infer(crops, thresholds), strict=True):
            cand.boxes[:, 0::2] += x0
            cand.boxes[:, 1::2] += y0
            parts.append(cand)
        boxes = np.concatenate([p.boxes for p in parts])
        scores = np.concatenate([p.scores for p in parts])
        cls = np.concatenate([p.class_ids for p in parts])
        keep = class_aware_nms(
            boxes, scores, cls, self.manifest.nms_iou, self.manifest.max_detections
        )
        return Candidates(boxes[keep], scores[keep], cls[keep])

    def _use_tiles(self, width: int, height: int, tiled: bool | None) -> bool:
        if tiled is None:
            tiled = self.tiled_default
        use_tiles = self.manifest.tiling.enabled if tiled is None else tiled
        return bool(use_tiles) and max(width, height) > self.manifest.tiling.tile

    def needed_size(self, width: int, height: int) -> tuple[int, int]:
        """Smallest (w, h) a scan of this size may be decoded at without changing what the
        network sees: the letterboxed scan size (the full size when tiling applies)."""
        if self._use_tiles(width, height, None):
            return width, height
        plan = self.plan(width, height)
        return plan.new_w, plan.new_h

    def detect_reduced(
        self, image: ReducedImage, conf: float | None = None, *, tiled: bool | None = None
    ) -> DetectionResult:
        """Detect on a scan decoded at 1/factor scale; boxes in full-image pixels."""
        return self.detect(image.rgb, conf, tiled=tiled, reduced=image)

    def detect(
        self,
        image_rgb: np.ndarray,
        conf: float | None = None,
        *,
        tiled: bool | None = None,
        reduced: ReducedImage | None = None,
    ) -> DetectionResult:
        """Detect on one HxWx3 uint8 RGB scan; boxes in its pixels.

        conf=None uses the manifest's per-class thresholds; a number overrides all of them.
        tiled=None follows the load-time setting, else the manifest's `tiling.enabled`.
        reduced: the image is `reduced.rgb`, decoded at 1/factor: boxes map to the full image.
        """
        start = time.perf_counter()
        image = as_rgb(image_rgb)
        if conf is None:
            thresholds = self.thresholds
        else:
            if not 0.0 <= conf <= 1.0:
                raise ValueError(f"confidence threshold must lie in [0, 1], got {conf}")
            thresholds = np.full(len(self.class_names), conf, np.float32)
        h, w = image.shape[:2]
        if self._use_tiles(w, h, tiled):
            cand = self._infer_tiled(image, thresholds)
        else:
            cand = self._infer([image], thresholds)[0]
        if reduced is not None:
            reduced.to_full(cand.boxes)
        names = self.class_names
        detections = tuple(
            Detection(
                label=names[c], score=float(s), box=Box(*(float(v) for v in b)), class_id=int(c)
            )
            for b, s, c in zip(
                cand.boxes.tolist(), cand.scores.tolist(), cand.class_ids.tolist(), strict=True
            )
        )
        return DetectionResult(detections, (time.perf_counter() - start) * 1000.0, self.info)

    def __repr__(self) -> str:
        return (
            f"Detector({self.info.name} {self.info.version}, {self.adapter.name}, "
            f"{len(self.class_names)} classes, sha256={self.info.sha256[:12]})"
        )


def _warm_up(
    session: Any, name: str, size: tuple[int, int], dtype: np.dtype, label: str
) -> np.ndarray:
    """First run on a blank input; it also reveals the real output shape for checking."""
    w, h = size
    try:
        out = session.run(None, {name: np.zeros((1, 3, h, w), dtype)})[0]
    except Exception as exc:
        raise ModelLoadError(f"model {label} failed its test run at {w}x{h}: {exc}") from exc
    return np.asarray(out)


def _read_model(onnx_path: Path) -> tuple[bytes, str]:
    """The model file's bytes, read once, and their SHA-256."""
    if not onnx_path.is_file():
        raise ModelLoadError(f"model file not found: {onnx_path}")
    try:
        blob = onnx_path.read_bytes()
    except OSError as exc:
        raise ModelLoadError(f"cannot read model file {onnx_path}: {exc.strerror}") from None
    return blob, hashlib.sha256(blob).hexdigest()


def _check_hash(
    onnx_path: Path,
    digest: str,
    manifest: Manifest | None,
    manifest_path: Path | None,
    require_hash: bool,
) -> bool:
    """Check the loaded bytes' hash against the manifest, before anything runs.

    True when the manifest records this hash; False when it records none (allowed only
    without `require_hash`, with a warning); a different hash is always refused."""
    if manifest is not None and manifest.file and manifest.file != onnx_path.name:
        log.warning("manifest names file %s but the model is %s", manifest.file, onnx_path.name)
    if manifest is not None and manifest.sha256:
        if manifest.sha256 != digest:
            raise ModelLoadError(mismatch_message(onnx_path.name, digest, manifest.sha256))
        return True
    if require_hash:
        raise ModelLoadError(missing_hash_message(onnx_path, manifest_path))
    log.warning(
        "model %s (SHA-256 %s…): no SHA-256 is recorded for it; loaded for evaluation only, a "
        "station refuses it. %s",
        onnx_path.name,
        digest[:16],
        record_hash_hint(onnx_path),
    )
    return False


def _image_input(session: Any, label: str) -> tuple[Any, tuple[int, int] | None, bool]:
    """The single image input, its fixed (w, h) if any, and whether the batch is dynamic."""
    inputs = session.get_inputs()
    if len(inputs) != 1:
        raise ModelLoadError(f"model {label} has {len(inputs)} inputs; a detector takes one image")
    if not session.get_outputs():
        raise ModelLoadError(f"model {label} has no outputs")
    inp = inputs[0]
    if inp.type not in _FLOAT_TYPES:
        raise ModelLoadError(
            f"model input {inp.name!r} is {inp.type}; float or float16 images are supported"
        )
    shape = list(inp.shape)
    if len(shape) != 4 or (isinstance(shape[1], int) and shape[1] != 3):
        raise ModelLoadError(
            f"model input {inp.name!r} has shape {shape}; expected [batch, 3, height, width]"
        )
    h, w = shape[2], shape[3]
    fixed = (w, h) if isinstance(h, int) and isinstance(w, int) and h > 0 and w > 0 else None
    return inp, fixed, not (isinstance(shape[0], int) and shape[0] > 0)


def _choose_adapter(
    raw_shape: tuple[int, ...], names: list[str] | None, manifest: Manifest | None, label: str
) -> tuple[OutputAdapter, list[str]]:
    """The output adapter (manifest's or sniffed) and class names, checked against the output."""
    out_shape = tuple(int(d) for d in raw_shape)
    if len(out_shape) != 3 or out_shape[0] != 1:
        raise ModelLoadError(
            f"model {label} outputs shape {list(out_shape)}; a detector output must "
            "be [1, A, B] (YOLOv5 [1,N,5+C], YOLOv8/11 [1,4+C,N] or end-to-end [1,N,6])"
        )
    n_cls = len(names) if names else None
    if manifest is not None and manifest.format:
        adapter = get_adapter(manifest.format)
        if adapter.fit(out_shape, None) <= 0.0:
            check_layout(adapter, out_shape, n_cls)
    else:
        try:
            adapter = get_adapter(sniff_format(out_shape, n_cls))
        except ModelLoadError:
            if n_cls is None:
                raise
            # Fits a layout, but not with this many classes: report the class count below.
            adapter = get_adapter(sniff_format(out_shape, None))
    implied = adapter.num_classes(out_shape)
    if names is None:
        if implied is None or implied < 1:
            raise ModelLoadError(
                f"model {label} carries no class names and its output does not tell "
                "the class count; add a manifest (<model>.yaml) listing `classes`"
            )
        names = [f"class_{i}" for i in range(implied)]
    if implied is not None and implied != len(names):
        src = "the manifest lists" if manifest else "its metadata names"
        raise ModelLoadError(f"model {label} outputs {implied} classes but {src} {len(names)}")
    return adapter, names


def _manifest_from_metadata(
    onnx_path: Path,
    meta: dict[str, str],
    digest: str,
    adapter: OutputAdapter,
    size: tuple[int, int],
    fixed: tuple[int, int] | None,
    names: list[str],
) -> Manifest:
    """A manifest for a model shipped without one (e.g. a plain Ultralytics export)."""
    return Manifest(
        name=onnx_path.stem,
        version=str(meta.get("version") or "unknown"),
        file=onnx_path.name,
        sha256=digest,
        format=adapter.name,
        input=InputSpec(width=size[0], height=size[1], dynamic=fixed is None),
        classes=names,
        thresholds=Thresholds(default=DEFAULT_THRESHOLD),
        provenance={
            "source": "onnx metadata",
            **{k: v for k, v in meta.items() if k in ("author", "date", "task")},
        },
    )


__all__ = ["DetectionResult", "Detector", "as_rgb", "find_manifest"]

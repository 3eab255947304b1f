"""Model manifest: the YAML file beside an ONNX model that says what the model is and how to run it.

Validated with pydantic so a typo or a wrong value is reported per field, before the model is used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inspector_app.detection.errors import ModelLoadError
from inspector_app.domain import Category

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InputSpec(_Strict):
    """Network input size; `dynamic` lets the engine send rectangular, stride-aligned inputs."""

    width: int = Field(640, gt=0, le=8192)
    height: int = Field(640, gt=0, le=8192)
    dynamic: bool = False


class Thresholds(_Strict):
    """Score thresholds at which a detection raises an alarm."""

    default: float = Field(0.25, ge=0.0, le=1.0)
    per_class: dict[str, float] = Field(default_factory=dict)

    @field_validator("per_class")
    @classmethod
    def _in_range(cls, value: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in value.items() if not 0.0 <= v <= 1.0}
        if bad:
            raise ValueError(f"thresholds must lie in [0, 1], got {bad}")
        return value


class Preprocess(_Strict):
    """How scan pixels become the network input tensor."""

    color: Literal["rgb", "bgr"] = "rgb"
    scale: float = Field(255.0, gt=0.0)
    letterbox: bool = True
    pad_value: int = Field(114, ge=0, le=255)
    # Use the resampling the model was trained with: "area" is sharper when shrinking large scans
    # (thin knives survive) but costs a few ms more per 2000x1000 scan than "linear".
    interpolation: Literal["linear", "area"] = "linear"


class Tiling(_Strict):
    """Overlapping-tile inference for long scans where small items matter."""

    enabled: bool = False
    tile: int = Field(640, ge=32)
    overlap: float = Field(0.2, ge=0.0, lt=0.9)


class Manifest(_Strict):
    """Everything the engine and the operator need to know about one model file."""

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    file: str | None = None
    sha256: str | None = None
    format: str | None = None  # a name in detection.adapters.ADAPTERS, the one list
    input: InputSpec = Field(default_factory=InputSpec)
    classes: list[str] = Field(min_length=1)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    categories: dict[str, Category] = Field(default_factory=dict)
    preprocess: Preprocess = Field(default_factory=Preprocess)
    nms_iou: float = Field(0.5, gt=0.0, le=1.0)
    max_detections: int = Field(300, gt=0)
    multi_label: bool = True  # each class of a box is tested against its own threshold
    tiling: Tiling = Field(default_factory=Tiling)
    provenance: dict[str, Any] = Field(default_factory=dict)
    # {statistic: (mean, spread)} of the scans the model was trained and evaluated on
    # (detection.appearance): lets the station tell when its scanner's pictures look unlike them.
    appearance: dict[str, tuple[float, float]] | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower()
        if not _SHA_RE.match(value):
            raise ValueError("must be 64 hexadecimal characters (the SHA-256 of the .onnx file)")
        return value

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        from inspector_app.detection.adapters import ADAPTERS

        if value is not None and value not in ADAPTERS:
            raise ValueError(
                f"unknown output format {value!r}; known: {', '.join(sorted(ADAPTERS))}"
            )
        return value

    @field_validator("classes")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        dupes = sorted({c for c in value if value.count(c) > 1})
        if dupes:
            raise ValueError(f"class names must be unique, repeated: {dupes}")
        if any(not c.strip() for c in value):
            raise ValueError("class names must not be empty")
        return value

    @model_validator(mode="after")
    def _known_classes(self) -> Manifest:
        known = set(self.classes)
        for where, keys in (
            ("thresholds.per_class", self.thresholds.per_class),
            ("categories", self.categories),
        ):
            unknown = sorted(set(keys) - known)
            if unknown:
                raise ValueError(f"{where} names classes not in `classes`: {unknown}")
        return self

    def threshold_for(self, class_name: str) -> float:
        """Alarm threshold for one class (per-class value, else the default)."""
        return self.thresholds.per_class.get(class_name, self.thresholds.default)

    def category_for(self, class_name: str) -> str:
        """Customs category of one class; unmapped classes fall in 'other'."""
        return str(self.categories.get(class_name, Category.OTHER.value))


def _format_errors(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  - {where}: {err['msg']}")
    return "\n".join(lines)


def parse_manifest(data: Any, source: str = "manifest") -> Manifest:
    """Validate an already-parsed mapping; raise ModelLoadError listing every bad field."""
    if not isinstance(data, dict):
        raise ModelLoadError(
            f"{source}: expected a YAML mapping of fields, got {type(data).__name__}"
        )
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise ModelLoadError(
            f"{source} is not a valid model manifest:\n{_format_errors(exc)}"
        ) from None


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelLoadError(f"cannot read model manifest {path}: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ModelLoadError(f"model manifest {path} is not valid YAML: {exc}") from None
    return parse_manifest(data, source=f"model manifest {path.name}")


def dump_manifest(manifest: Manifest, path: Path) -> None:
    """Write a manifest as YAML (used by quantize and tests)."""
    data = manifest.model_dump(mode="json")
    Path(path).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")

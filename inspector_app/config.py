"""Typed settings and the app's well-known places, in one spot.

One tree of pydantic sections (station, screening, review, tip, feeds, appearance, upload,
retention); every default is stated here once and nowhere else. Settings come from defaults,
then `settings.json` in the user config dir, then environment variables for the places
(INSPECTOR_APP_DATA_DIR etc.), so a station, a test and CI can each point the app elsewhere
without code changes. Files written by earlier versions (flat keys) still load.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

APP_NAME = "inspector-app"
DEFAULT_MODEL_NAME = "parcel-threat-det"


def data_dir() -> Path:
    """Where the decision log and evidence images live (INSPECTOR_APP_DATA_DIR overrides)."""
    override = os.environ.get("INSPECTOR_APP_DATA_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def config_dir() -> Path:
    override = os.environ.get("INSPECTOR_APP_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """The shipped models: bundled by PyInstaller, or `models/` at the source-tree root."""
    override = os.environ.get("INSPECTOR_APP_MODELS_DIR")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "models"
    return Path(__file__).resolve().parent.parent / "models"


def resources_dir() -> Path:
    """Icons and translations: bundled by PyInstaller, or `resources/` in the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    return (Path(bundle) if bundle else Path(__file__).resolve().parent.parent) / "resources"


def default_model_path() -> Path:
    return models_dir() / f"{DEFAULT_MODEL_NAME}.onnx"


class SettingsError(Exception):
    """The settings file exists but cannot be used; the message says which field and why."""


class _Section(BaseModel):
    """Unknown keys are rejected so a typo does not silently do nothing."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


class StationSection(_Section):
    name: str = Field("", description="shown on reports and uploads; empty = the computer name")

    def display_name(self) -> str:
        return self.name or platform.node() or "station"


class ScreeningSection(_Section):
    model_path: Path | None = Field(None, description="ONNX model; None = the shipped model")
    confidence: float | None = Field(None, ge=0.0, le=1.0, description="None = manifest thresholds")

    def resolved_model_path(self) -> Path:
        return self.model_path or default_model_path()


class ReviewSection(_Section):
    look_first: bool = Field(False, description="cues only after the inspector's first look")
    alarms_first: bool = Field(False, description="queue order: parcels with cues first")
    undo_window_s: float = Field(10.0, ge=0.0, le=300.0)


class TipSection(_Section):
    """Threat Image Projection, set by a supervisor."""

    enabled: bool = False
    rate: float = Field(0.05, ge=0.0, le=1.0, description="share of eligible scans projected")
    classes: tuple[str, ...] | None = Field(None, description="None = every threat class")

    @field_validator("classes")
    @classmethod
    def _known_classes(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        from inspector_app.domain import THREAT_CLASSES

        unknown = sorted(set(value) - set(THREAT_CLASSES))
        if unknown:
            raise ValueError(f"unknown TIP threat classes: {', '.join(unknown)}")
        return tuple(value)

    @model_validator(mode="after")
    def _some_class_when_enabled(self) -> TipSection:
        if self.enabled and self.classes is not None and not self.classes:
            raise ValueError("TIP is enabled but no threat class is chosen")
        return self

    def chosen_classes(self) -> tuple[str, ...]:
        from inspector_app.domain import THREAT_CLASSES

        return THREAT_CLASSES if self.classes is None else self.classes


class DemoFeedSection(_Section):
    """The built-in simulator: a station with no scanner attached (training, demos)."""

    type: Literal["demo"] = "demo"
    lane: str = Field("demo", min_length=1, max_length=40)
    interval_s: float = Field(4.0, gt=0.0, le=3600.0)
    threat_rate: float = Field(0.5, ge=0.0, le=1.0)
    seed: int | None = Field(None, ge=0, description="None = new parcels every start")


class FilesFeedSection(_Section):
    """A fixed list of image files (batch review)."""

    type: Literal["files"] = "files"
    lane: str = Field("files", min_length=1, max_length=40)
    paths: list[Path] = Field(default_factory=list)
    interval_s: float = Field(0.0, ge=0.0, le=3600.0)


class RawImageSection(_Section):
    """Headerless `.raw` files (line-scan scanners): the geometry the file itself cannot tell.

    Each file is rows of `width` 16-bit samples; the height follows from the file size."""

    width: int = Field(
        ..., ge=8, le=65_535, description="pixels per row (the detector's channel count)"
    )
    bits: Literal[12, 14, 16] = Field(
        16, description="bits the detector fills in each 16-bit sample (scaled to 16 when less)"
    )
    byte_order: Literal["little", "big"] = Field(
        "little", description="little: Intel order, what most detector boards write"
    )


class HotFolderFeedSection(_Section):
    """A folder the scanner drops files into (local or a network share), watched live."""

    type: Literal["hot_folder"] = "hot_folder"
    lane: str = Field("hot", min_length=1, max_length=40)
    folder: Path
    complete_when: Literal["stable", "rename", "marker"] = Field(
        "stable",
        description="stable: size and time unchanged for stable_ms; rename: the scanner writes"
        " under a temporary name and renames; marker: a sidecar file NAME+marker_suffix appears",
    )
    stable_ms: int = Field(500, ge=20, le=600_000)
    temp_suffixes: tuple[str, ...] = (".tmp", ".part", ".partial", ".crdownload", ".filepart")
    marker_suffix: str = Field(".done", min_length=1)
    suffixes: tuple[str, ...] = Field(
        (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".dcs", ".dcm", ".raw"),
        description="file endings taken (case-insensitive); empty = every file; .raw is also"
        " taken whenever `raw` is set",
    )
    after: Literal["leave", "archive"] = Field(
        "leave",
        description="a screened file is left in place (the ledger remembers it) or moved to"
        " archive_dir",
    )
    archive_dir: Path | None = Field(None, description="None = FOLDER/processed")
    quarantine_dir: Path | None = Field(None, description="refused files; None = FOLDER/quarantine")
    rescan_s: float = Field(
        2.0, gt=0.0, le=600.0, description="full listing interval (shares can miss events)"
    )
    report_wait_s: float = Field(
        60.0,
        gt=0.0,
        le=86400.0,
        description="how long a DICOS threat report waits for its image, or an energy half for"
        " the other half, before it is set aside; a view for the other view, before it is"
        " screened alone",
    )
    pair_low: str = Field("*_low.*", description="raw dual-energy pairs: the low-energy half")
    pair_high: str = Field("*_high.*", description="the high-energy half (same * = same parcel)")
    raw: RawImageSection | None = Field(
        None, description="geometry of headerless .raw halves; None = .raw files are set aside"
    )
    dual_view: bool = Field(
        True, description="NAME_top.* + NAME_side.* are one parcel with two views"
    )

    @field_validator("pair_low", "pair_high")
    @classmethod
    def _one_star(cls, value: str) -> str:
        if "*" not in value:
            raise ValueError("needs a * where the parcel's name goes, e.g. *_low.*")
        return value

    def archive_path(self) -> Path:
        return self.archive_dir or self.folder / "processed"

    def quarantine_path(self) -> Path:
        return self.quarantine_dir or self.folder / "quarantine"


class VideoFeedSection(_Section):
    """The operator monitor's picture (frame grabber, a recorded video or a stream), cut into
    one scan per parcel: a new scan when the picture changes, then settles."""

    type: Literal["video"] = "video"
    lane: str = Field("video", min_length=1, max_length=40)
    device: int | None = Field(None, ge=0, description="capture device index")
    file: Path | None = Field(None, description="a recorded video file")
    url: str | None = Field(None, description="a stream URL; opened only when set here")
    change: float = Field(
        8.0, gt=0.0, le=255.0, description="mean grey-level difference that starts a new parcel"
    )
    settle_frames: int = Field(3, ge=1, le=300, description="still frames before a scan is taken")
    still: float = Field(2.0, gt=0.0, le=255.0, description="difference still counted as still")
    blank_std: float = Field(3.0, ge=0.0, le=255.0, description="flatter pictures are empty belt")
    crop: tuple[int, int, int, int] | None = Field(
        None, description="x, y, width, height of the belt image on the monitor; None = all"
    )

    @model_validator(mode="after")
    def _one_source(self) -> VideoFeedSection:
        given = [v for v in (self.device, self.file, self.url) if v is not None]
        if len(given) != 1:
            raise ValueError("a video feed needs exactly one of device, file or url")
        return self


FeedSection = Annotated[
    DemoFeedSection | FilesFeedSection | HotFolderFeedSection | VideoFeedSection,
    Field(discriminator="type"),
]


class AppearanceSection(_Section):
    theme: Literal["dark", "light"] = "dark"
    font_pt: int = Field(10, ge=8, le=20)
    language: Literal["en", "fr", "nl", "de"] = "en"


class UploadSection(_Section):
    """How the station uploads once enrolled. *Whether* and *where* it uploads (hub URL,
    station id, CA bundle) come only from `upload.json`, written by `inspector-app upload
    enrol` (see sync/config.py): no file, no upload, and nothing contacts any host."""

    batch_size: int = Field(200, ge=1, le=1000, description="records per signed batch")
    interval_s: float = Field(
        30.0, ge=0.1, le=3600, description="seconds between drains (a decision wakes it sooner)"
    )
    timeout_s: float = Field(10.0, ge=1, le=120, description="per request to the hub")

    @model_validator(mode="before")
    @classmethod
    def _no_hub_here(cls, raw: Any) -> Any:
        """Files saved before enrolment existed carry `hub_url`/`ca_bundle`. They never made the
        station upload, so they are dropped — with a warning for a set one, which enrolment
        replaces — rather than keeping a station from starting over a dead key."""
        if not isinstance(raw, dict):
            return raw
        raw = dict(raw)
        for moved in ("hub_url", "ca_bundle"):
            if raw.pop(moved, None) is not None:
                logging.getLogger(__name__).warning(
                    "settings: upload.%s is ignored; the hub is named by enrolment "
                    "(`inspector-app upload enrol --hub URL --token TOKEN`, upload.json)",
                    moved,
                )
        return raw


class RetentionSection(_Section):
    clear_images_days: int | None = Field(
        None, ge=1, description="delete images of cleared parcels after N days; None = keep"
    )
    flagged_images_days: int | None = Field(
        None, ge=1, description="flagged parcels' images, only once uploaded; None = keep"
    )


# Keys of settings files written before the sections existed: old key -> (section, field).
_FLAT_KEYS: dict[str, tuple[str, str]] = {
    "model_path": ("screening", "model_path"),
    "confidence": ("screening", "confidence"),
    "look_first": ("review", "look_first"),
    "alarms_first": ("review", "alarms_first"),
    "undo_window_s": ("review", "undo_window_s"),
    "theme": ("appearance", "theme"),
    "font_pt": ("appearance", "font_pt"),
    "language": ("appearance", "language"),
    "tip_enabled": ("tip", "enabled"),
    "tip_rate": ("tip", "rate"),
    "tip_classes": ("tip", "classes"),
}
_FLAT_DEMO_KEYS = {"demo_interval_s": "interval_s", "demo_threat_rate": "threat_rate"}


class Settings(_Section):
    """The whole station's settings: one tree, saved as one JSON file."""

    station: StationSection = Field(default_factory=StationSection)
    screening: ScreeningSection = Field(default_factory=ScreeningSection)
    review: ReviewSection = Field(default_factory=ReviewSection)
    tip: TipSection = Field(default_factory=TipSection)
    feeds: list[FeedSection] = Field(
        default_factory=lambda: list[FeedSection]([DemoFeedSection()]),
        description="every feed screened at once, each on its own lane",
    )
    appearance: AppearanceSection = Field(default_factory=AppearanceSection)
    upload: UploadSection = Field(default_factory=UploadSection)
    retention: RetentionSection = Field(default_factory=RetentionSection)

    @model_validator(mode="before")
    @classmethod
    def _from_flat_file(cls, raw: Any) -> Any:
        """Settings files of earlier versions had flat keys: read them into the sections."""
        if not isinstance(raw, dict) or not (set(raw) & (set(_FLAT_KEYS) | set(_FLAT_DEMO_KEYS))):
            return raw
        tree: dict[str, Any] = {k: v for k, v in raw.items() if k not in _FLAT_KEYS}
        for key, (section, name) in _FLAT_KEYS.items():
            if key in raw:
                tree.setdefault(section, {})[name] = raw[key]
        demo = {new: tree.pop(old) for old, new in _FLAT_DEMO_KEYS.items() if old in tree}
        if demo:
            tree.setdefault("feeds", [{"type": "demo", **demo}])
        return tree

    @field_validator("feeds")
    @classmethod
    def _unique_lanes(cls, feeds: list[FeedSection]) -> list[FeedSection]:
        lanes = [feed.lane for feed in feeds]
        duplicates = sorted({lane for lane in lanes if lanes.count(lane) > 1})
        if duplicates:
            raise ValueError(f"each feed needs its own lane; used twice: {', '.join(duplicates)}")
        return feeds

    def database_path(self) -> Path:
        """The real station's decision log (the demo's is `database_path(demo=True)`)."""
        return database_path()

    def evidence_dir(self) -> Path:
        return evidence_dir()

    def flat(self) -> dict[str, Any]:
        """{'section.field': value} — what the audit log records for a change."""
        out: dict[str, Any] = {}
        for section, values in self.model_dump(mode="json").items():
            if isinstance(values, dict):
                out.update({f"{section}.{key}": value for key, value in values.items()})
            else:
                out[section] = values
        return out


def changed_settings(before: Settings, after: Settings) -> dict[str, tuple[object, object]]:
    """{'section.field': (old, new)} for every value that differs, for the audit log."""
    old, new = before.flat(), after.flat()
    return {key: (old.get(key), new.get(key)) for key in new if old.get(key) != new[key]}


def database_path(demo: bool = False) -> Path:
    """The decision log. The demo writes to its own, never into the real station's log."""
    return (data_dir() / "demo" if demo else data_dir()) / "decisions.sqlite"


def evidence_dir(demo: bool = False) -> Path:
    return (data_dir() / "demo" if demo else data_dir()) / "evidence"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings.json if present; a broken file is an error the user must see, not ignore."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(raw)
    except (OSError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    except ValidationError as exc:
        raise SettingsError(f"settings file {path} has invalid values: {explain(exc)}") from exc


def explain(exc: ValidationError) -> str:
    """One line per problem, naming the field by its path (e.g. `review.undo_window_s`)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically so a crash mid-write never leaves a half file behind."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)

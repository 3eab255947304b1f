"""DICOS samples (pyDICOS, MIT): DX images, a CT volume and vendor threat reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from inspector_app.domain import Box, Scan
from inspector_app.imaging.decode import ImageDecodeError, decode_file
from inspector_app.imaging.dicos import DicosError, kind, vendor_cues

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "dicos"


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"DICOS samples not found at {SAMPLES}")
    target = tmp_path / "dicos"
    shutil.copytree(SAMPLES, target)  # the shared samples stay read-only
    return target


@pytest.mark.parametrize(
    "name", ["SimpleProcessingDX.dcs", "SimplePresentationDX.dcs", "SimpleColorPaletteDX.dcs"]
)
def test_dx_images_decode_uncompressed_and_jpeg_lossless(samples: Path, name: str) -> None:
    decoded = decode_file(samples / name)
    assert decoded.rgb.shape == (128, 256, 3) and decoded.rgb.dtype == np.uint8
    assert decoded.rgb.std() > 5  # real content, not a blank frame
    assert kind((samples / name).read_bytes()) == "dx"


def test_ct_volume_is_shown_as_a_projection(samples: Path) -> None:
    decoded = decode_file(samples / "SimpleCT0000.dcs")
    assert decoded.rgb.shape == (20, 10, 3)


def test_vendor_threat_report_becomes_cues(samples: Path) -> None:
    data = (samples / "MultiplePTOsTDR.dcs").read_bytes()
    assert kind(data) == "tdr"
    cues = vendor_cues(data)
    assert [(c.object_id, c.label, c.alarm) for c in cues] == [
        (2002, "ANOMALY", False),
        (9001, "Flammable Liquid", True),
    ]
    assert cues[1].box == Box(12.0, 23.0, 62.0, 73.0)
    assert vendor_cues((samples / "SimpleBaggageNoThreatTDR.dcs").read_bytes()) == []


def test_a_report_is_not_an_image_and_truncation_is_clear(samples: Path) -> None:
    with pytest.raises(ImageDecodeError, match="threat report"):
        decode_file(samples / "SimpleBaggageTDR.dcs")
    whole = (samples / "SimplePresentationDX.dcs").read_bytes()
    half = samples / "half.dcs"
    half.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImageDecodeError, match="DICOS"):
        decode_file(half)
    with pytest.raises(DicosError, match="not a DICOS threat report"):
        vendor_cues(whole)


@pytest.mark.filterwarnings("ignore:Invalid value for VR UI")  # the samples' UIDs break VR rules
def test_file_feed_attaches_a_vendor_report_to_the_image_it_references(samples: Path) -> None:
    import threading

    import pydicom

    from inspector_app.feeds.files import FileListFeed

    image = samples / "SimpleProcessingDX.dcs"
    uid = str(pydicom.dcmread(image).SOPInstanceUID)
    report = pydicom.dcmread(samples / "MultiplePTOsTDR.dcs")
    for threat in report[0x4010, 0x1011].value:
        for representation in threat[0x4010, 0x1037].value:
            for reference in representation[0x0008, 0x114A].value:
                reference.ReferencedSOPInstanceUID = uid  # point the report at our image
    report_path = samples / "report_for_dx.dcs"
    report.save_as(report_path)

    items = list(FileListFeed([report_path, image]).items(threading.Event()))
    (scan,) = items  # the report is not a scan of its own
    assert isinstance(scan, Scan)
    assert [(c.label, c.alarm) for c in scan.vendor_cues] == [
        ("ANOMALY", False),
        ("Flammable Liquid", True),
    ]
    (alone,) = list(FileListFeed([image]).items(threading.Event()))
    assert isinstance(alone, Scan) and alone.vendor_cues == ()


@pytest.mark.filterwarnings("ignore:Invalid value for VR UI")
def test_a_report_missing_elements_still_gives_the_cues_it_can(samples: Path) -> None:
    """A TDR without an ObjectID once raised AttributeError and stopped the whole feed."""
    import pydicom

    report = pydicom.dcmread(samples / "MultiplePTOsTDR.dcs")
    del report[0x4010, 0x1011][0][0x4010, 0x1010]  # first threat: no ObjectID
    del report[0x4010, 0x1011][1][0x4010, 0x1037][0][0x4010, 0x1001][0][0x4010, 0x1005]
    path = samples / "damaged_report.dcs"
    report.save_as(path)
    cues = vendor_cues(path.read_bytes())
    assert [(c.object_id, c.label) for c in cues] == [(-1, "ANOMALY")]  # second: no box to draw


@pytest.mark.filterwarnings("ignore:Invalid value for VR UI")
def test_a_palette_image_without_its_colour_table_is_shown_in_grey(samples: Path) -> None:
    import pydicom

    image = pydicom.dcmread(samples / "SimpleColorPaletteDX.dcs")
    for keyword in list(image.dir()):
        if "PaletteColor" in keyword:
            delattr(image, keyword)
    path = samples / "no_table.dcs"
    image.save_as(path)
    decoded = decode_file(path)
    assert decoded.rgb.shape == (128, 256, 3) and decoded.rgb.std() > 5
    assert np.array_equal(decoded.rgb[..., 0], decoded.rgb[..., 2])  # grey: R == B

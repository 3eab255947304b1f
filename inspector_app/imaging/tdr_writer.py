"""The inspector's decision written back as a DICOS threat report (TDR) of type OPERATOR.

Why: a DICOS screening line keeps the machine's report (TDR type MACHINE) beside each scan;
downstream systems (the checkpoint's database, a second-level review) expect the human verdict
in the same form, referencing the same image instance. The file is written under a temporary
name and renamed, so a reader watching the folder never sees half a report.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector_app.domain import Box, Decision, Mark, Verdict
from inspector_app.imaging.safe_read import read_file_safely

TDR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.501.3"
_DX_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.501.2.1"  # DICOS DX for presentation
_ALARM = {Verdict.CLEAR: "CLEAR", Verdict.SUSPECT: "ALARM", Verdict.REFER: "ALARM"}
_FLAG = {Verdict.CLEAR: "NO_THREAT", Verdict.SUSPECT: "THREAT", Verdict.REFER: "UNKNOWN"}
# Copied from the scan so the report files under the same study, bag and frame of reference.
_SHARED = (
    "StudyInstanceUID",
    "StudyDate",
    "StudyTime",
    "StudyID",
    "FrameOfReferenceUID",
    "PatientID",
    "IssuerOfPatientID",
    "TypeOfPatientID",
)


class TdrWriteError(Exception):
    """The report could not be written; the message says why in plain words."""


def _scan_dataset(scan: Any) -> tuple[Any | None, str]:
    """(the scan's DICOM header or None, its SOP Instance UID)."""
    import pydicom
    from pydicom.dataset import Dataset
    from pydicom.uid import generate_uid

    if isinstance(scan, Dataset):
        return scan, str(scan.get("SOPInstanceUID", "")) or generate_uid()
    data = read_file_safely(Path(scan))
    if len(data) >= 132 and data[128:132] == b"DICM":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # vendors' UIDs often break VR rules
            ds = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
        return ds, str(ds.get("SOPInstanceUID", "")) or generate_uid()
    # A plain image file: a UID derived from its content names it the same way every time.
    return None, generate_uid(entropy_srcs=[hashlib.sha256(data).hexdigest()])


def _threat_item(index: int, label: str, box: Box, ref: Any, decision: Decision) -> Any:
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence as DicomSequence

    roi = Dataset()
    roi.ThreatROIBase = [float(box.x1), float(box.y1), 0.0]
    roi.ThreatROIExtents = [float(box.x2 - box.x1), float(box.y2 - box.y1), 1.0]
    representation = Dataset()
    representation.ReferencedInstanceSequence = DicomSequence([ref])
    representation.ThreatROIVoxelSequence = DicomSequence([roi])
    assessment = Dataset()
    assessment.ThreatCategory = (
        "ANOMALY" if decision.verdict is Verdict.CLEAR else "PROHIBITED_ITEM"
    )
    assessment.ThreatCategoryDescription = label
    assessment.ATDAbilityAssessment = "NO_INTERFERENCE"
    assessment.ATDAssessmentFlag = _FLAG[decision.verdict]
    threat = Dataset()
    threat.PotentialThreatObjectID = index
    threat.PTORepresentationSequence = DicomSequence([representation])
    threat.ATDAssessmentSequence = DicomSequence([assessment])
    return threat


def write_operator_tdr(
    scan_dataset_or_path: Any,
    decision: Decision,
    boxes: Sequence[Box | Mark],
    out_path: Path,
) -> Path:
    """Write the operator's TDR for one scan and return its path.

    `scan_dataset_or_path`: the scan's pydicom Dataset or its file (DICOS, or any image file,
    then referenced by a UID derived from its SHA-256); `boxes`: regions the inspector marks as
    objects of the decision (a `Mark` keeps its label). Raises TdrWriteError in plain words.
    """
    try:
        return _write(scan_dataset_or_path, decision, boxes, Path(out_path))
    except TdrWriteError:
        raise
    except Exception as exc:
        raise TdrWriteError(f"the operator report could not be written ({exc})") from exc


def _write(scan: Any, decision: Decision, boxes: Sequence[Box | Mark], out_path: Path) -> Path:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.sequence import Sequence as DicomSequence
    from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

    source, scan_uid = _scan_dataset(scan)
    when = decision.decided_at.astimezone(UTC)
    ds = Dataset()
    if source is not None:
        for keyword in _SHARED:
            if keyword in source:
                setattr(ds, keyword, source.data_element(keyword).value)
    ds.SOPClassUID = TDR_SOP_CLASS
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "TDR"
    ds.InstanceCreationDate = ds.ContentDate = datetime.now(UTC).strftime("%Y%m%d")
    ds.InstanceCreationTime = ds.ContentTime = datetime.now(UTC).strftime("%H%M%S.%f")
    ds.SeriesInstanceUID = generate_uid()
    ds.StudyInstanceUID = ds.get("StudyInstanceUID") or generate_uid()
    ds.OperatorsName = decision.inspector
    ref = Dataset()
    ref.ReferencedSOPClassUID = str(source.get("SOPClassUID", "")) if source else _DX_SOP_CLASS
    ref.ReferencedSOPInstanceUID = scan_uid
    ds.ReferencedStudySequence = DicomSequence([ref])
    label = decision.category.value if decision.category else decision.verdict.value
    threats = []
    for index, item in enumerate(boxes, start=1):
        box, name = (item.box, item.label) if isinstance(item, Mark) else (item, label)
        ref_copy = Dataset()
        ref_copy.ReferencedSOPClassUID = ref.ReferencedSOPClassUID
        ref_copy.ReferencedSOPInstanceUID = scan_uid
        threats.append(_threat_item(index, name or label, box, ref_copy, decision))
    ds.ThreatSequence = DicomSequence(threats)
    ds.AbortFlag = "SUCCESS"
    ds.TDRType = "OPERATOR"
    ds.ThreatDetectionAlgorithmAndVersion = ["inspector_app operator review"]
    ds.AlarmDecisionTime = when.strftime("%Y%m%d%H%M%S.%f+0000")
    ds.AlarmDecision = _ALARM[decision.verdict]
    ds.NumberOfTotalObjects = len(threats)
    ds.NumberOfAlarmObjects = len(threats) if decision.verdict is not Verdict.CLEAR else 0
    ds.AdditionalScreeningPerformed = "YES" if decision.verdict is Verdict.REFER else "NO"
    ds.DICOSVersion = "V03"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(TDR_SOP_CLASS)
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.name}.partial")
    ds.save_as(partial, enforce_file_format=True)
    os.replace(partial, out_path)
    return out_path

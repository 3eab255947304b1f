"""The station's status bar: image function, feed, model, backlog, upload state, inspector.

Permanent fields, so a passing message never hides which image function or model is in use.
The upload field renders an `UploadSnapshot` (read by the window on a timer: no network and no
SQLite on the GUI thread).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QStatusBar

from inspector_app.domain import ModelInfo
from inspector_app.sync.status import OffReason, Trouble, UploadSnapshot


def _clock(moment: datetime) -> str:
    """Local wall-clock time, as the inspector reads it on the station's clock."""
    return moment.astimezone().strftime("%H:%M")


class StationStatusBar(QStatusBar):
    def __init__(self) -> None:
        super().__init__()
        self.view_status = QLabel()
        self.insertPermanentWidget(0, self.view_status, 1)
        self.feed_status = QLabel()
        self.model_status = QLabel()
        self.domain_status = QLabel()
        self.domain_status.setObjectName("domain")
        self.backlog_status = QLabel()
        self.upload_status = QLabel()
        self.inspector_status = QLabel()
        for widget in (
            self.feed_status,
            self.model_status,
            self.domain_status,
            self.backlog_status,
            self.upload_status,
            self.inspector_status,
        ):
            self.addPermanentWidget(widget)

    def show_view(self, function_label: str | None) -> None:
        """`function_label`: the image function on screen, None for the scan as it came."""
        label = self.tr("standard") if function_label is None else function_label
        self.view_status.setText(self.tr("View: {function}").format(function=label))

    def show_feed(self, name: str) -> None:
        self.feed_status.setText(self.tr("Feed: {name}").format(name=name))

    def show_upload(self, snap: UploadSnapshot) -> None:
        """Off, up to date, or how much waits and why; the tooltip gives the details."""
        if not snap.enabled:
            self.upload_status.setText(self.tr("Upload: off (local only)"))
            self.upload_status.setToolTip(self._off_tip(snap))
            return
        waiting = snap.backlog + snap.evidence_backlog
        if snap.trouble is not None:
            text = self.tr("Upload: {count} waiting — {trouble} since {time}").format(
                count=waiting,
                trouble=self._trouble_text(snap.trouble),
                time=_clock(snap.failing_since) if snap.failing_since else "—",
            )
        elif waiting:
            text = self.tr("Upload: {count} waiting").format(count=waiting)
        else:
            text = self.tr("Upload: up to date")
        if snap.refused:
            text += " · " + self.tr("{count} refused").format(count=snap.refused)
        self.upload_status.setText(text)
        self.upload_status.setToolTip(self._on_tip(snap))

    def _off_tip(self, snap: UploadSnapshot) -> str:
        if snap.off_reason is OffReason.DEMO:
            return self.tr("Demo station: its records are never uploaded.")
        if snap.off_reason is OffReason.SETTINGS:
            return self.tr(
                "The upload settings cannot be used, so nothing is uploaded: {detail}"
            ).format(detail=snap.detail)
        return self.tr(
            "This station is not enrolled with a hub: every record stays in its log and waits "
            "in its outbox. Enrol with: inspector-app upload enrol"
        )

    def _trouble_text(self, trouble: Trouble) -> str:
        texts = {
            Trouble.UNREACHABLE: self.tr("hub unreachable"),
            Trouble.UNAVAILABLE: self.tr("hub unavailable"),
            Trouble.NOT_ACCEPTED: self.tr("hub does not accept this station"),
            Trouble.REFUSED: self.tr("hub refused the upload"),
            Trouble.LOCAL: self.tr("upload failed at this station"),
        }
        return texts[trouble]

    def _on_tip(self, snap: UploadSnapshot) -> str:
        lines = [
            self.tr("Hub: {hub}").format(hub=snap.hub or "—"),
            self.tr("Waiting: {records} record(s), {images} evidence image(s)").format(
                records=snap.backlog, images=snap.evidence_backlog
            ),
            self.tr("Last upload: {time}").format(
                time=_clock(snap.last_success) if snap.last_success else "—"
            ),
        ]
        if snap.trouble is not None:
            lines.append(self.tr("Problem: {detail}").format(detail=snap.detail))
        if snap.refused:
            lines.append(
                self.tr(
                    "{count} record(s) refused by the hub are set aside; see: "
                    "inspector-app upload status"
                ).format(count=snap.refused)
            )
        return "\n".join(lines)

    def show_model(self, info: ModelInfo | None, failed: bool = False) -> None:
        if info is not None:
            text = self.tr("Model: {name} {version} ({sha})").format(
                name=info.name, version=info.version, sha=info.sha256[:12]
            )
            self.model_status.setToolTip(f"SHA-256 {info.sha256}")
        elif failed:
            text = self.tr("Model: NOT LOADED")
        else:
            text = self.tr("Model: loading…")
        self.model_status.setText(text)

    def show_domain(self, verdict: str, median: float | None) -> None:
        """How far the cues can be trusted here: never evaluated on this scanner, and whether
        its scans look like the model's training scans (see detection.appearance)."""
        text = self.tr("Not evaluated on this scanner")
        tip = self.tr(
            "The model's accuracy was measured on its own test scans, not on this scanner's."
        )
        if verdict == "unlike":
            text = self.tr("⚠ Scans unlike the model's training — not evaluated here")
            tip += " " + self.tr(
                "Recent scans look different from them (distance {distance:.1f}): expect "
                "missed threats and false cues."
            ).format(distance=median or 0.0)
        elif verdict == "similar":
            tip += " " + self.tr("Recent scans look like them (distance {distance:.1f}).").format(
                distance=median or 0.0
            )
        self.domain_status.setText(text)
        self.domain_status.setToolTip(tip)
        self.domain_status.setProperty("warning", verdict == "unlike")

    def show_screening_stopped(self) -> None:
        """The log failed its start check: the model is fine, screening is held (the banner
        says why and who can release it)."""
        self.model_status.setText(self.tr("Screening stopped: log check failed"))
        self.model_status.setToolTip(
            self.tr("The decision log did not verify at start; an administrator must look.")
        )

    def show_model_checking(self, file_name: str) -> None:
        self.model_status.setText(self.tr("Model: checking {name}…").format(name=file_name))

    def show_counts(self, backlog: int, inspector: str, decided: int) -> None:
        self.backlog_status.setText(self.tr("Backlog: {count}").format(count=backlog))
        self.inspector_status.setText(
            self.tr("Inspector: {name} · {count} decided").format(name=inspector, count=decided)
        )

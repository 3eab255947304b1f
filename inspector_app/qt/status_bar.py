"""The station's status bar: image function, feed, model, backlog, upload state, inspector.

Permanent fields, so a passing message never hides which image function or model is in use.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from inspector_app.domain import ModelInfo


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
        # No upload server is configured on this build: say so plainly, every decision is local.
        self.upload_status.setText(self.tr("Upload: local only"))
        self.upload_status.setToolTip(
            self.tr("No upload server is set up: every decision stays in this station's log.")
        )

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

    def show_model_checking(self, file_name: str) -> None:
        self.model_status.setText(self.tr("Model: checking {name}…").format(name=file_name))

    def show_counts(self, backlog: int, inspector: str, decided: int) -> None:
        self.backlog_status.setText(self.tr("Backlog: {count}").format(count=backlog))
        self.inspector_status.setText(
            self.tr("Inspector: {name} · {count} decided").format(name=inspector, count=decided)
        )

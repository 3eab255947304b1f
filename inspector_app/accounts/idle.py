"""Auto-lock after idle: a pure policy the GUI drives with monotonic timestamps.

Keeping the timing rule out of Qt lets tests walk the clock forward without sleeping; the
GUI feeds it input events (`activity`) and polls it from a timer (`poll`).
"""

from __future__ import annotations


class IdleLock:
    """Says when the station should lock: `timeout_s` after the last activity.

    `poll` reports True once per idle period (the moment the lock is due), not on every
    call after it, so the GUI opens one lock dialog. `unlock` re-arms it after sign-in.
    A timeout of 0 or less disables auto-lock.
    """

    def __init__(self, timeout_s: float, now: float) -> None:
        self.timeout_s = float(timeout_s)
        self._last = now
        self.locked = False

    @property
    def enabled(self) -> bool:
        return self.timeout_s > 0

    def activity(self, now: float) -> None:
        """Input happened (key, mouse); ignored while locked."""
        if not self.locked:
            self._last = max(self._last, now)

    def remaining(self, now: float) -> float:
        """Seconds until the lock is due (0 when due or locked; inf when disabled)."""
        if not self.enabled:
            return float("inf")
        if self.locked:
            return 0.0
        return max(0.0, self._last + self.timeout_s - now)

    def poll(self, now: float) -> bool:
        """True exactly once when the idle time has run out."""
        if not self.enabled or self.locked:
            return False
        if now - self._last >= self.timeout_s:
            self.locked = True
            return True
        return False

    def lock(self) -> None:
        """Locked by hand (e.g. Ctrl+L) rather than by the timer."""
        self.locked = True

    def unlock(self, now: float) -> None:
        """Someone signed in again: start a fresh idle period."""
        self.locked = False
        self._last = now

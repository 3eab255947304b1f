"""A feed's own news about itself (a share went away, came back), yielded between its items.

Not a scan: the screening service hands it to the station's listener instead of the queue, so
the inspector sees at once why a lane has gone quiet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FeedStatus:
    lane: str
    ok: bool  # False: the lane cannot receive scans right now
    text: str  # plain words for the inspector, e.g. "folder //scan1/out is unreachable"

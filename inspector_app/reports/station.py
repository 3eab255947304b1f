"""The station's name for report headers.

Why a helper: settings gained a `station` section (with `display_name()`, falling back to the
computer name) while these reports were written; older settings objects had none. Reports ask
here and get the same name the rest of the app shows.
"""

from __future__ import annotations

import socket
from typing import Any


def station_name(settings: Any | None = None) -> str:
    section = getattr(settings, "station", None)
    if section is not None and hasattr(section, "display_name"):
        name = section.display_name()
        if isinstance(name, str) and name.strip():
            return name.strip()
    for key in ("station_name", "station"):
        value = getattr(settings, key, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return socket.gethostname() or "station"

"""inspector_app: X-ray parcel screening assistant. The core is Qt-free; Qt is in .qt."""

import os

__version__ = "0.1.0"

# Offline means offline: onnxruntime >= 1.29 on Linux resolves and contacts a telemetry host
# from a long-lived session unless this is set before onnxruntime is first imported (it is read
# once, at library load), so it is set here, before any module of the app can import it; child
# processes (the model validator) inherit it. tests/test_offline.py watches for look-ups.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

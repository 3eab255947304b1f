"""inspector_app: X-ray parcel screening assistant. The core is Qt-free; Qt is in .qt."""

__version__ = "0.1.0"

"""inspector_app: X-ray parcel screening assistant (core is Qt-free; Qt lives in inspector_app.qt)."""

__version__ = "0.1.0"

"""Everything that imports PySide6 lives here; the rest of the app runs headless."""

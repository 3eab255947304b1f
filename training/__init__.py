"""Dev-only training pipeline for the shipped parcel-threat detector (never imported by the app)."""

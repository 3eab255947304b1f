"""Errors the detection engine raises; messages are written for the operator, not the developer."""

from __future__ import annotations


class ModelLoadError(Exception):
    """A model could not be loaded or failed validation; the previous model should stay in use."""

"""Errors the detection engine raises; messages are written for the operator, not the developer."""

from __future__ import annotations


class ModelLoadError(Exception):
    """A model could not be loaded or failed validation; the previous model should stay in use."""


INVALID_OUTPUT = (
    "the detector produced invalid numbers for this scan; the model file may be damaged"
)


class InvalidOutputError(RuntimeError):
    """The network's output for one scan held NaN or Inf, so none of its boxes can be trusted.

    Raised per scan (screening shows that scan without cues and goes on); at load time the
    same check makes the test scan fail, so such a model is refused before it screens anything.
    """

    def __init__(self, message: str = INVALID_OUTPUT) -> None:
        super().__init__(message)

"""Feeds by type: each feed module registers a builder for its settings section.

The station builds its feeds from `Settings.feeds` through this table, so a new source (a hot
folder, a frame grabber) is a new module with one `register` call — no if/else to extend.
A feed type also declares whether it is a demo: demo stations sign in the marked demo account
and write to their own log, never into a real station's.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from inspector_app.feeds.base import Feed

# Modules that register the built-in feed types when imported.
BUILTIN_FEED_MODULES = (
    "inspector_app.feeds.demo",
    "inspector_app.feeds.files",
    "inspector_app.feeds.hot_folder",
    "inspector_app.feeds.video",
)


@dataclass(frozen=True)
class FeedType:
    name: str
    build: Callable[[Any], Feed]
    demo: bool  # True: simulated scans, the demo account, the demo log


_TYPES: dict[str, FeedType] = {}


def register(name: str, *, demo: bool = False) -> Callable[[Callable[[Any], Feed]], Any]:
    """Decorator for `build(section) -> Feed`, keyed by the section's `type` value."""

    def decorate(build: Callable[[Any], Feed]) -> Callable[[Any], Feed]:
        if name in _TYPES and _TYPES[name].build is not build:
            raise ValueError(f"feed type {name!r} is registered twice")
        _TYPES[name] = FeedType(name, build, demo)
        return build

    return decorate


def feed_types() -> dict[str, FeedType]:
    for module in BUILTIN_FEED_MODULES:
        importlib.import_module(module)
    return dict(_TYPES)


def feed_type(section: BaseModel) -> FeedType:
    name = getattr(section, "type", None)
    known = feed_types()
    if name not in known:
        raise ValueError(f"unknown feed type {name!r}; known: {', '.join(sorted(known))}")
    return known[name]


def build_feed(section: BaseModel) -> Feed:
    feed = feed_type(section).build(section)
    feed.lane = getattr(section, "lane", "")
    return feed

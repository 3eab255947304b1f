"""The OpenAPI document the hub serves, in the exact text kept at docs/hub-openapi.json:
`inspector-app hub openapi --out docs/hub-openapi.json` rewrites it after an API change, and a
test fails while the two differ."""

from __future__ import annotations

import json
from pathlib import Path

from inspector_app.hub.app import HubConfig, create_app


def openapi_document() -> dict:
    # building the app opens nothing: the pool is created at start-up (lifespan), not here
    return create_app(HubConfig(database_url="postgresql://unused", evidence_dir=Path())).openapi()


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"

"""Station side of the upload: outbox, signed hub client, uploader, station key.

Imports no server library; `inspector_app.hub` depends on `sync.wire`, never the reverse.
"""

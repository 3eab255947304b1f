"""Station side of the upload: signed hub client, uploader, the station's upload worker and its
status, station key. The outbox itself is part of the station database (`storage.outbox`).

Imports no server library; `inspector_app.hub` depends on `sync.wire`, never the reverse.
"""

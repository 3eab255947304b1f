"""Initial hub schema: stations, one-time enrolment tokens, request nonces, records partitioned
by month, evidence files.

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE stations (
            station_id      text PRIMARY KEY,
            lane            text,
            public_key      bytea,
            enrolled_at     timestamptz,
            last_upload_at  timestamptz,
            backlog         integer,
            created_at      timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE enrol_tokens (
            token_hash  text PRIMARY KEY,
            station_id  text NOT NULL,
            lane        text,
            created_at  timestamptz NOT NULL DEFAULT now(),
            expires_at  timestamptz NOT NULL,
            used_at     timestamptz
        );

        CREATE TABLE request_nonces (
            station_id  text NOT NULL,
            nonce       text NOT NULL,
            seen_at     timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (station_id, nonce)
        );
        CREATE INDEX request_nonces_seen_at ON request_nonces (seen_at);

        -- Every record a station sends, one row each, partitioned by the month it happened in.
        -- The primary key must contain the partition key; (station_id, idem_key) identifies the
        -- record and occurred_at travels with it unchanged from the station's outbox.
        CREATE TABLE records (
            station_id           text NOT NULL,
            idem_key             text NOT NULL,
            kind                 text NOT NULL,
            occurred_at          timestamptz NOT NULL,
            received_at          timestamptz NOT NULL DEFAULT now(),
            lane                 text,
            scan_id              text,
            verdict              text,
            category             text,
            origin_country       text,
            destination_country  text,
            ref_key              text,
            payload              jsonb NOT NULL,
            PRIMARY KEY (station_id, idem_key, occurred_at)
        ) PARTITION BY RANGE (occurred_at);
        CREATE INDEX records_occurred_at ON records (occurred_at);
        CREATE INDEX records_kind_occurred_at ON records (kind, occurred_at);
        CREATE INDEX records_station_occurred_at ON records (station_id, occurred_at);
        CREATE INDEX records_ref_key ON records (station_id, ref_key) WHERE ref_key IS NOT NULL;

        -- One partition per calendar month (UTC), created on demand by the hub before it inserts.
        CREATE FUNCTION hub_ensure_month_partition(ts timestamptz) RETURNS text
        LANGUAGE plpgsql AS $$
        DECLARE
            month_start timestamptz :=
                date_trunc('month', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
            name text := 'records_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY"m"MM');
        BEGIN
            IF to_regclass(name) IS NULL THEN
                PERFORM pg_advisory_xact_lock(74200002);
                -- the catalog snapshot may predate a partition another hub process just
                -- created (an advisory lock does not refresh it): treat "exists" as done
                BEGIN
                    EXECUTE format(
                        'CREATE TABLE %I PARTITION OF records FOR VALUES FROM (%L) TO (%L)',
                        name, month_start, month_start + interval '1 month');
                EXCEPTION WHEN duplicate_table THEN
                    NULL;
                END;
            END IF;
            RETURN name;
        END $$;

        CREATE TABLE evidence (
            station_id   text NOT NULL,
            sha256       text NOT NULL,
            size         bigint NOT NULL,
            received_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (station_id, sha256)
        );
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP TABLE evidence;
        DROP FUNCTION hub_ensure_month_partition(timestamptz);
        DROP TABLE records;
        DROP TABLE request_nonces;
        DROP TABLE enrol_tokens;
        DROP TABLE stations;
        """
    )

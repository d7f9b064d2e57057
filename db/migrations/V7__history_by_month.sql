-- execution_events partitioned by month of received_at, migrated in place on a live database.
--
-- A partitioned table's primary key must hold the partition key, so (event_id) alone can no longer be unique
-- across the history; a retried delivery arrives with a new received_at. Duplicate detection stays exact with
-- a narrow table of every event id seen (execution_event_ids): the recorder inserts there first and writes the
-- history only for the ids that were new, in the same statement.
--
-- The current table becomes the first partition (everything received before the first month partition), so
-- no row is copied. Steps, each short or non-blocking (Flyway runs this file outside a transaction, see .conf,
-- and so does psql -f):
--   1. execution_event_ids and, while the migration runs, a trigger that adds every new event id to it;
--   2. the ids already in the history copied over (reads the table; writers go on);
--   3. a unique index on (event_id, received_at) built CONCURRENTLY (the partition's share of the new key);
--   4. CHECK (received_at < bound) added NOT VALID, then validated (writers go on), so attaching needs no scan;
--   5. one short transaction: rename, create the partitioned table, attach, add the month partitions.
-- Only step 5 and the start of 1 and 4 take an exclusive lock, each for milliseconds after the writers in
-- flight finish; lock_timeout stops them queueing in front of other sessions (a timeout fails the
-- migration; run it again: every step checks what is already done).

CREATE TABLE IF NOT EXISTS execution_event_ids (
    event_id    text        PRIMARY KEY,
    received_at timestamptz NOT NULL
);

COMMENT ON TABLE execution_event_ids IS
    'Every event id the recorder has kept in execution_events: the exact duplicate check (EventBridge retries keep the id), which the partitioned history cannot hold (its key must include received_at). Pruned with the history.';

-- Ids arrive in time order, so a block range index finds the old ones for pruning at almost no write cost.
CREATE INDEX IF NOT EXISTS execution_event_ids_received_at_idx
    ON execution_event_ids USING brin (received_at);

-- The history's partitions with their bounds (NULL: MINVALUE, or both for the DEFAULT partition). The parent is
-- looked up when the view is read (to_regclass), so the view outlives the rename below.
CREATE OR REPLACE VIEW execution_events_partitions AS
SELECT c.relname::text AS partition_name,
       substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)')::timestamptz AS lower_bound,
       substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
  FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = to_regclass('execution_events');

-- Creates the partition of one month (UTC) unless a partition covers it, moving into it any rows the default partition
-- caught for that month. The pruner calls it for the months ahead.
CREATE OR REPLACE FUNCTION execution_events_add_month(month_start date) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    first_day date := date_trunc('month', month_start)::date;
    month_from timestamptz := first_day::timestamp AT TIME ZONE 'UTC';
    month_to timestamptz := (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    partition_name text := 'execution_events_' || to_char(first_day, 'YYYY_MM');
BEGIN
    -- Already there, or covered by the first partition (which may reach past the current month).
    IF EXISTS (SELECT 1 FROM execution_events_partitions p
                WHERE p.upper_bound > month_from AND coalesce(p.lower_bound, '-infinity') < month_to) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE execution_events INCLUDING DEFAULTS)', partition_name);
    IF to_regclass('execution_events_default') IS NOT NULL THEN
        EXECUTE format('WITH moved AS (DELETE FROM execution_events_default WHERE received_at >= %L AND received_at < %L'
                       ' RETURNING *) INSERT INTO %I SELECT * FROM moved', month_from, month_to, partition_name);
    END IF;
    EXECUTE format('ALTER TABLE execution_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   partition_name, month_from, month_to);
    RETURN partition_name;
END
$$;

COMMENT ON FUNCTION execution_events_add_month(date) IS
    'Adds the execution_events partition of the month (UTC) holding the given day, if missing; returns its name, or NULL when it existed.';

-- Step 1: from here on every event id written to the unpartitioned table is also kept in execution_event_ids.
CREATE OR REPLACE FUNCTION execution_events_keep_id() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_event_ids (event_id, received_at) VALUES (NEW.event_id, NEW.received_at)
        ON CONFLICT (event_id) DO NOTHING;
    RETURN NULL;
END
$$;

DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'execution_events'::regclass) = 'r' THEN
        PERFORM set_config('lock_timeout', '10s', true);
        DROP TRIGGER IF EXISTS execution_events_keep_id ON execution_events;
        CREATE TRIGGER execution_events_keep_id AFTER INSERT ON execution_events
            FOR EACH ROW EXECUTE FUNCTION execution_events_keep_id();
    END IF;
END
$$;

-- Step 2: the ids written before the trigger existed (in id order: the index fills left to right).
DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'execution_events'::regclass) = 'r' THEN
        INSERT INTO execution_event_ids (event_id, received_at)
        SELECT event_id, received_at FROM execution_events ORDER BY event_id
            ON CONFLICT (event_id) DO NOTHING;
    END IF;
END
$$;

-- Step 3: the unpartitioned table's part of the new key, built without blocking writes. (On a database already
-- migrated the index exists under the first partition and this does nothing.)
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS execution_events_event_id_received_at_key
    ON execution_events (event_id, received_at);

-- Step 4: a bound every row meets, and every row written while the migration runs: the first month partition
-- starts at the month after the current one (after the next, on the last day of a month).
DO $$
DECLARE
    bound timestamptz := (date_trunc('month', (now() AT TIME ZONE 'UTC') + interval '1 day') + interval '1 month')
                         AT TIME ZONE 'UTC';
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'execution_events'::regclass) = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint
                        WHERE conrelid = 'execution_events'::regclass AND conname = 'execution_events_received_before') THEN
        PERFORM set_config('lock_timeout', '10s', true);
        EXECUTE format('ALTER TABLE execution_events ADD CONSTRAINT execution_events_received_before'
                       ' CHECK (received_at < %L) NOT VALID', bound);
    END IF;
END
$$;

DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'execution_events'::regclass) = 'r' THEN
        ALTER TABLE execution_events VALIDATE CONSTRAINT execution_events_received_before;
    END IF;
END
$$;

-- Step 5: the swap, one transaction.
DO $$
DECLARE
    bound timestamptz;
    first_partition text;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'execution_events'::regclass) <> 'r' THEN
        RETURN;
    END IF;
    PERFORM set_config('lock_timeout', '10s', true);
    LOCK TABLE execution_events IN ACCESS EXCLUSIVE MODE;

    SELECT substring(pg_get_constraintdef(oid) FROM '''([^'']+)''')::timestamptz INTO bound
      FROM pg_constraint
     WHERE conrelid = 'execution_events'::regclass AND conname = 'execution_events_received_before';
    first_partition := 'execution_events_before_' || to_char(bound AT TIME ZONE 'UTC', 'YYYY_MM');

    DROP TRIGGER execution_events_keep_id ON execution_events;
    -- execution_event_ids now answers "seen before?"; the old key would only cost disk and writes.
    ALTER TABLE execution_events DROP CONSTRAINT execution_events_pkey;
    EXECUTE format('ALTER TABLE execution_events RENAME TO %I', first_partition);
    EXECUTE format('ALTER INDEX execution_events_execution_arn_idx RENAME TO %I', first_partition || '_execution_arn_idx');
    -- The constraint keeps the index's name, so step 3 finds it when this file runs again.
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT execution_events_event_id_received_at_key'
                   ' UNIQUE USING INDEX execution_events_event_id_received_at_key', first_partition);

    CREATE TABLE execution_events (
        event_id      text        NOT NULL,
        execution_arn text        NOT NULL,
        status        varchar(20) NOT NULL,
        redrive_count integer     NOT NULL DEFAULT 0,
        start_date    timestamptz,
        stop_date     timestamptz,
        event_time    timestamptz,
        received_at   timestamptz NOT NULL DEFAULT now(),
        event         jsonb       NOT NULL,
        PRIMARY KEY (event_id, received_at)
    ) PARTITION BY RANGE (received_at);
    CREATE INDEX execution_events_execution_arn_idx ON execution_events (execution_arn, redrive_count, received_at);

    EXECUTE format('ALTER TABLE execution_events ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)',
                   first_partition, bound);
    PERFORM execution_events_add_month(((bound AT TIME ZONE 'UTC') + interval '1 month' * n)::date)
       FROM generate_series(0, 2) n;
    -- Rows of a month nobody added a partition for (a pruner that stopped running) are kept, not refused.
    CREATE TABLE execution_events_default PARTITION OF execution_events DEFAULT;

    COMMENT ON TABLE execution_events IS
        'Every Step Functions Execution Status Change event the recorder received (duplicates ignored by event_id, through execution_event_ids); the timeline of an execution, including failures before a redrive. Partitioned by month of received_at (UTC); the pruner adds the months ahead and drops the months past the retention.';
    COMMENT ON COLUMN execution_events.event_time IS
        'EventBridge "time" of the event: one-second resolution, never used for ordering.';
    COMMENT ON COLUMN execution_events.received_at IS
        'When the recorder committed the event; the partition key.';
END
$$;

DROP FUNCTION IF EXISTS execution_events_keep_id();

-- Indexes shaped by the diagnostic queries and show, for tables of millions of rows.
-- CREATE INDEX CONCURRENTLY builds them without blocking the recorder's writes on a live table; it cannot run
-- inside a transaction, so Flyway runs this file outside one (V6__diagnosis_indexes.sql.conf), and so does
-- psql -f. Re-runnable: IF NOT EXISTS. (A build that failed halfway leaves an INVALID index: drop it with
-- DROP INDEX CONCURRENTLY and run this file again.)

-- show <execution-name>: names repeat only across state machines.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_execution_name_idx
    ON experiments (execution_name)
    WHERE execution_name IS NOT NULL;

-- failure rate, failures and their details within a window: by when they ended.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_completed_at_idx
    ON experiments (completed_at)
    WHERE completed_at IS NOT NULL;

-- success rates and the messages seen within a window: by when they started.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_started_at_idx
    ON experiments (started_at);

-- executions Step Functions still reports running (RUNNING or PENDING_REDRIVE), oldest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_open_started_at_idx
    ON experiments (started_at, id)
    WHERE execution_status IN ('RUNNING', 'PENDING_REDRIVE');

-- rows whose execution Step Functions does not know: few, looked for on every diagnose.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_execution_not_found_idx
    ON experiments (id)
    WHERE reconcile_note = 'EXECUTION_DOES_NOT_EXIST';

-- stuck runs: unfinished and old, oldest first (the predicate is the diagnose query's, so it is one index range).
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_unfinished_started_at_idx
    ON experiments (started_at, id)
    WHERE completed_at IS NULL AND (execution_status IS NULL OR execution_status IN ('RUNNING', 'PENDING_REDRIVE'));

-- diagnose counts the rows from before tracking (no ARN, no message id) on every run: a partial index keeps that
-- an index-only count of those few rows instead of a scan of the table. CONCURRENTLY, outside a transaction
-- (V8_1__rows_before_tracking_index.sql.conf), so the workflow and the recorder keep writing while it builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_before_tracking_idx
    ON experiments (id)
    INCLUDE (completed_at)
    WHERE execution_arn IS NULL AND sqs_message_id IS NULL;

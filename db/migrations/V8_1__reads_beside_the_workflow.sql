-- The indexes for what V8 changed in the reads, built CONCURRENTLY outside a transaction
-- (V8_1__reads_beside_the_workflow.sql.conf), so the workflow and the recorder keep writing while they build.

-- diagnose counts the rows from before tracking (no ARN, no message id) on every run: an index-only count of those
-- few rows instead of a scan of the table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_before_tracking_idx
    ON experiments (id)
    INCLUDE (completed_at)
    WHERE execution_arn IS NULL AND sqs_message_id IS NULL;

-- What Step Functions last reported running (status_rank RUNNING or PENDING_REDRIVE), whatever the workflow wrote:
-- diagnose's running list and the reconciler's due rows, oldest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_reported_running_idx
    ON experiments (started_at, id)
    WHERE status_rank IN (10, 30) AND execution_arn IS NOT NULL;

-- Executions the workflow's INSERT made that no event has reached yet: the reconciler asks about them too.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_not_reported_idx
    ON experiments (started_at, id)
    WHERE status_rank IS NULL AND execution_arn IS NOT NULL;

-- The seed's migration 015 "add execution tracking columns".
-- Every column is nullable so old rows and old code keep working; IF NOT EXISTS so a database
-- that already ran the seed's 015 by hand migrates cleanly.
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS execution_arn    text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS execution_name   text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS execution_status varchar(20);
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS last_error       jsonb;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS sqs_message_id   text;

COMMENT ON COLUMN experiments.execution_arn IS
    'ARN of the Step Functions execution that ran this experiment; one row per execution (unique). NULL for rows created before tracking.';
COMMENT ON COLUMN experiments.execution_name IS
    'Name of the Step Functions execution (last part of execution_arn); what the console, CLI and CloudWatch logs search by.';
COMMENT ON COLUMN experiments.execution_status IS
    'Execution status as Step Functions reported it: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE. Whether the workflow finished, not whether the agent found the goal (see goal_found).';
COMMENT ON COLUMN experiments.last_error IS
    'Last failure as {error, cause, kind, timestamp}: error/cause from Step Functions, kind one of TIMEOUT, OUT_OF_MEMORY, NETWORK, CRASH, ABORTED, UNKNOWN. NULL while running and after a success.';
COMMENT ON COLUMN experiments.sqs_message_id IS
    'messageId of the SQS message that requested the experiment (from the execution input); correlates rows created before the execution started and reveals duplicate processing.';

CREATE UNIQUE INDEX IF NOT EXISTS experiments_execution_arn_key
    ON experiments (execution_arn);
-- "failures by status since ...", "success rates": status first, then time.
CREATE INDEX IF NOT EXISTS experiments_execution_status_started_at_idx
    ON experiments (execution_status, started_at);
-- correlation to pre-created rows and duplicate-processing lookups.
CREATE INDEX IF NOT EXISTS experiments_sqs_message_id_idx
    ON experiments (sqs_message_id)
    WHERE sqs_message_id IS NOT NULL;
-- "RUNNING and old": stuck-run lookups scan only the open runs, oldest first.
CREATE INDEX IF NOT EXISTS experiments_running_started_at_idx
    ON experiments (started_at)
    WHERE execution_status = 'RUNNING';

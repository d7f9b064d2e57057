-- Rows created before their execution started (by whoever queued the experiment) are attached to an
-- execution by sqs_message_id. The recorder marks them, so that when one message started several executions
-- the row ends up with the earliest started one whatever order their events arrive in.
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS pre_created boolean;

COMMENT ON COLUMN experiments.pre_created IS
    'True when the row existed before its execution and the recorder attached the execution to it by sqs_message_id. It belongs to the earliest started execution of that message (then the lowest ARN); any other execution of the message has a row of its own.';
COMMENT ON COLUMN experiments.status_rank IS
    'Order key third part (first started_at, then redrive_count): RUNNING 10 < SUCCEEDED 20, FAILED 21, TIMED_OUT 22, ABORTED 23 < PENDING_REDRIVE 30. The recorder changes status columns only for a greater (started_at, redrive_count, status_rank): a redrive keeps started_at, a new run under a reused execution name has a later one. The comparison runs inside the upsert. NULL: no status recorded yet.';
COMMENT ON COLUMN experiments.started_at IS
    'startDate of the execution run the row holds (first part of the order key).';

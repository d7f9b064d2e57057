-- What the recorder needs beyond the seed's 015.
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS redrive_count     integer;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS state_machine_arn text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS status_rank       smallint;

COMMENT ON COLUMN experiments.redrive_count IS
    'How many times the execution was redriven (Step Functions redriveCount); a redrive keeps the execution_arn.';
COMMENT ON COLUMN experiments.state_machine_arn IS
    'ARN of the state machine the execution belongs to.';
COMMENT ON COLUMN experiments.status_rank IS
    'Order key second part (first part: redrive_count): RUNNING 10 < SUCCEEDED 20, FAILED 21, TIMED_OUT 22, ABORTED 23 < PENDING_REDRIVE 30. The recorder changes status columns only for a greater (redrive_count, status_rank); the comparison runs inside the upsert.';

-- Append-only history of every Execution Status Change event received, keyed by the EventBridge event id
-- (a retried delivery keeps its id, so a duplicate is ignored).
CREATE TABLE IF NOT EXISTS execution_events (
    event_id      text PRIMARY KEY,
    execution_arn text        NOT NULL,
    status        varchar(20) NOT NULL,
    redrive_count integer     NOT NULL DEFAULT 0,
    start_date    timestamptz,
    stop_date     timestamptz,
    event_time    timestamptz,
    received_at   timestamptz NOT NULL DEFAULT now(),
    event         jsonb       NOT NULL
);

COMMENT ON TABLE execution_events IS
    'Every Step Functions Execution Status Change event the recorder received (duplicates ignored by event_id); the timeline of an execution, including failures before a redrive.';
COMMENT ON COLUMN execution_events.event_time IS
    'EventBridge "time" of the event: one-second resolution, never used for ordering.';
COMMENT ON COLUMN execution_events.received_at IS
    'When the recorder committed the event.';

CREATE INDEX IF NOT EXISTS execution_events_execution_arn_idx
    ON execution_events (execution_arn, redrive_count, received_at);

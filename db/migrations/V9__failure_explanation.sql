-- Why a run failed, to the line: the failing state, what it ran (a Lambda function or another resource), the
-- invocation's request id and the state's window, read once per failure from Step Functions' execution history
-- (GetExecutionHistory) by the reconciler, `reconcile` or `show --aws`.
--
-- Backward compatible: nullable columns only (old rows and old code keep working), a partial index built
-- CONCURRENTLY (so this file runs outside a transaction: V9__failure_explanation.sql.conf, and psql -f alike).
-- Adding a nullable column without a default only touches the catalog; the lock timeout keeps it from queueing
-- behind a long reader (and the recorder behind it): run the file again if it gives up.
SET lock_timeout = '5s';

ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_state            text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_state_type       text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_resource_type    text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_resource         text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_function         text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_request_id       text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_request_id_note  text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_event_type       text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_error            text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_kind             text;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_state_entered_at timestamptz;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS failed_at               timestamptz;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS explained_at            timestamptz;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS explained_redrive_count integer;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS explain_note            text;

RESET lock_timeout;

COMMENT ON COLUMN experiments.failed_state IS
    'The state that failed (its *StateEntered name), from the execution history; NULL until explained or when the history names none.';
COMMENT ON COLUMN experiments.failed_state_type IS
    'The failed state''s type, from its *StateEntered event: Task, Fail, Map, Parallel, Choice, Pass, Wait…';
COMMENT ON COLUMN experiments.failed_resource_type IS
    'TaskScheduled.resourceType (lambda, states, …); "lambda" for a legacy LambdaFunctionScheduled.';
COMMENT ON COLUMN experiments.failed_resource IS
    'TaskScheduled.resource (invoke, a Lambda ARN, …) or LambdaFunctionScheduled.resource.';
COMMENT ON COLUMN experiments.failed_function IS
    'The Lambda function the failed state ran: FunctionName of a lambda:invoke task''s parameters, or the function of a Lambda ARN resource.';
COMMENT ON COLUMN experiments.failed_request_id IS
    'The failed Lambda invocation''s request id, when the history says it (requestId in the cause, a timeout message, "RequestId: …").';
COMMENT ON COLUMN experiments.failed_request_id_note IS
    'Why failed_request_id is NULL: the state ran no Lambda, the cause names none, the execution timed out or was aborted while the state ran.';
COMMENT ON COLUMN experiments.failed_event_type IS
    'The history event the explanation starts from: TaskFailed, TaskTimedOut, LambdaFunctionFailed, ExecutionFailed (a Fail state), ExecutionTimedOut, ExecutionAborted…';
COMMENT ON COLUMN experiments.failed_error IS
    'That event''s error (a caught failure''s own error, which the execution''s last_error may not carry).';
COMMENT ON COLUMN experiments.failed_kind IS
    'The failure kind (TIMEOUT, OUT_OF_MEMORY, NETWORK, CRASH, ABORTED, UNKNOWN) of that event''s error and cause.';
COMMENT ON COLUMN experiments.failed_state_entered_at IS 'When the failed state was entered.';
COMMENT ON COLUMN experiments.failed_at IS 'When it failed (the failure event''s timestamp).';
COMMENT ON COLUMN experiments.explained_at IS
    'When the history was read for this failure; with explained_redrive_count, the run is not asked again until a redrive fails anew.';
COMMENT ON COLUMN experiments.explained_redrive_count IS 'The redrive_count the explanation was read for.';
COMMENT ON COLUMN experiments.explain_note IS
    'EXPLAINED, NO_FAILURE_IN_HISTORY (the history shows no failed state), or EXECUTION_DOES_NOT_EXIST (history gone: Step Functions keeps 90 days; not asked again).';

-- The runs waiting for an explanation, oldest first: failed, timed out, aborted, or a failure the workflow caught
-- (it wrote last_error), finished (a redrive in flight is not: completed_at is NULL again), not yet explained for
-- their latest redrive. The reconciler reads the oldest of them
-- every 15 minutes and counts them all (its WaitingForExplanation metric): both are ranges of this small index.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_waiting_for_explanation_idx
    ON experiments (completed_at, id)
    WHERE execution_arn IS NOT NULL
      AND completed_at IS NOT NULL
      AND (explained_at IS NULL OR explained_redrive_count < redrive_count)
      AND (execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') OR last_error IS NOT NULL);

-- diagnose, failures by state: the window's explained failures by when they ended.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_failed_state_completed_at_idx
    ON experiments (completed_at)
    WHERE failed_state IS NOT NULL;

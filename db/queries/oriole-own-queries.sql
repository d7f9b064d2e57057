-- oriole's own queries on experiments, as its execution-tracking notes print them (verbatim where the notes give
-- the text; the success-rate and duplicate-processing queries are written from the notes' descriptions, in their
-- style). They must keep answering right on a table the recorder writes: OrioleQueriesTest runs them unchanged.

-- name: stuck_experiments
-- Show experiments that never completed
SELECT id, model_name, started_at, execution_status, execution_name
FROM experiments
WHERE completed_at IS NULL
ORDER BY started_at DESC;

-- name: recent_failures
-- Show recent failures with error details
SELECT
  id,
  execution_status,
  last_error->>'error' as error_type,
  last_error->>'cause' as error_cause,
  execution_arn
FROM experiments
WHERE execution_status IN ('FAILED', 'TIMED_OUT')
ORDER BY started_at DESC
LIMIT 10;

-- name: success_rates
-- Compare success rates by model/temperature
SELECT model_name, temperature,
  COUNT(*) FILTER (WHERE execution_status = 'SUCCEEDED') as succeeded,
  COUNT(*) FILTER (WHERE goal_found) as goal_found,
  COUNT(*) as total
FROM experiments
WHERE execution_status IS NOT NULL AND execution_status != 'RUNNING'
GROUP BY model_name, temperature
ORDER BY model_name, temperature;

-- name: duplicate_sqs_processing
-- Detect duplicate SQS processing
SELECT sqs_message_id, COUNT(*) as executions, array_agg(execution_name ORDER BY execution_name) as names
FROM experiments
WHERE sqs_message_id IS NOT NULL
GROUP BY sqs_message_id
HAVING COUNT(*) > 1;

-- name: stuck_count
-- Count stuck experiments (should be 0)
SELECT COUNT(*)
FROM experiments
WHERE execution_status = 'RUNNING'
  AND started_at < NOW() - INTERVAL '1 hour';

-- name: failure_rate
-- Failure rate in last 24 hours
SELECT
  COUNT(*) FILTER (WHERE execution_status = 'SUCCEEDED') as succeeded,
  COUNT(*) FILTER (WHERE execution_status IN ('FAILED', 'TIMED_OUT')) as failed,
  ROUND(
    COUNT(*) FILTER (WHERE execution_status IN ('FAILED', 'TIMED_OUT'))::numeric /
    NULLIF(COUNT(*), 0) * 100, 1
  ) as failure_rate_pct
FROM experiments
WHERE started_at > NOW() - INTERVAL '24 hours'
  AND execution_status != 'RUNNING';

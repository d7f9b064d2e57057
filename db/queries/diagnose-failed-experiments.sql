-- Diagnose failed experiments: the questions the on-call asks, in one file.
--
-- Run with psql (every variable has a default):
--   psql "$DATABASE_URL" -f db/queries/diagnose-failed-experiments.sql
--   psql "$DATABASE_URL" -v since='7 days' -v log_group=/aws/lambda/oriole-agent -f db/queries/diagnose-failed-experiments.sql
-- The same queries run through `java -jar recorder/target/recorder.jar diagnose` (one source of truth):
-- each "-- name:" starts a query, psql lines (starting with a backslash) are skipped, and :'variable'
-- becomes a bound parameter.
--
-- Variables:
--   at           the moment the report is about          (default: now)
--   since        the window for failures and rates        (default: 24 hours)
--   stuck_after  how old an unfinished run is "stuck"     (default: 1 hour)
--   log_group    where the workflow's Lambdas log         (default: /aws/lambda/oriole-agent)
--   limit        rows per list, the ones that matter most  (default: 20); each list's "total" column
--                says how many there are in all
\if :{?at}
\else
\set at 'now'
\endif
\if :{?since}
\else
\set since '24 hours'
\endif
\if :{?stuck_after}
\else
\set stuck_after '1 hour'
\endif
\if :{?log_group}
\else
\set log_group '/aws/lambda/oriole-agent'
\endif
\if :{?limit}
\else
\set limit 20
\endif
\pset null '-'

-- name: stuck_count
-- Monitoring: unfinished runs older than stuck_after (alarm when > 0).
\echo stuck runs (unfinished, older than :stuck_after):
SELECT count(*) AS stuck_count
  FROM experiments
 WHERE completed_at IS NULL
   AND (execution_status IS NULL OR execution_status IN ('RUNNING', 'PENDING_REDRIVE'))
   AND started_at < (:'at')::timestamptz - (:'stuck_after')::interval;

-- name: failure_rate
-- Monitoring: share of the executions that ended within the window and did not succeed.
\echo failure rate (last :since):
SELECT coalesce(sum(runs) FILTER (WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')), 0)::bigint AS failed,
       -- from experiment_counts: the window's whole days counted, its first and last part read (V10)
       coalesce(sum(runs), 0)::bigint AS finished,
       round(100.0 * coalesce(sum(runs) FILTER (WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')), 0)
             / nullif(sum(runs), 0), 1) AS failure_rate_percent
  FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
 WHERE execution_status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED');

-- name: stuck_experiments
-- 1. Stuck experiments: never completed, started more than stuck_after ago (also rows no event ever reached).
\echo ''
\echo '== 1. Stuck experiments: never completed, started more than stuck_after ago (also rows no event ever reached). =='
SELECT (SELECT count(*)
          FROM experiments
         WHERE completed_at IS NULL
           AND (execution_status IS NULL OR execution_status IN ('RUNNING', 'PENDING_REDRIVE'))
           AND started_at < (:'at')::timestamptz - (:'stuck_after')::interval) AS total,
       id, model_name, execution_name, coalesce(execution_status, 'NO EVENTS') AS status, redrive_count,
       to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_utc,
       date_trunc('second', (:'at')::timestamptz - started_at)::text AS age
  FROM experiments
 WHERE completed_at IS NULL
   AND (execution_status IS NULL OR execution_status IN ('RUNNING', 'PENDING_REDRIVE'))
   AND started_at < (:'at')::timestamptz - (:'stuck_after')::interval
 ORDER BY started_at, id
 LIMIT (:'limit')::int;

-- name: long_running_executions
-- 2. Executions Step Functions still reports as running, oldest first.
\echo ''
\echo '== 2. Executions Step Functions still reports as running, oldest first. =='
SELECT (SELECT count(*)
          FROM experiments
         WHERE status_rank IN (10, 30)  -- what Step Functions last reported (the workflow may have written more)
           AND execution_arn IS NOT NULL
           AND started_at <= (:'at')::timestamptz) AS total,
       id, execution_name, CASE status_rank WHEN 30 THEN 'PENDING_REDRIVE' ELSE 'RUNNING' END AS status, redrive_count,
       to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_utc,
       date_trunc('second', (:'at')::timestamptz - started_at)::text AS running_for
  FROM experiments
 WHERE status_rank IN (10, 30)
   AND execution_arn IS NOT NULL
   AND started_at <= (:'at')::timestamptz
 ORDER BY started_at, id
 LIMIT (:'limit')::int;

-- name: failures_by_error
-- 3a. Failures within the window by Step Functions error.
\echo ''
\echo '== 3a. Failures within the window by Step Functions error. =='
SELECT count(*) OVER () AS total, error, execution_status AS status, sum(runs)::bigint AS failures
  FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
 WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
 GROUP BY 2, 3  -- 1 is the total
HAVING sum(runs) > 0
 ORDER BY failures DESC, error, status
 LIMIT (:'limit')::int;

-- name: failures_by_kind
-- 3b. Failures within the window by kind: TIMEOUT, OUT_OF_MEMORY, NETWORK, CRASH, ABORTED, UNKNOWN.
\echo ''
\echo '== 3b. Failures within the window by kind: TIMEOUT, OUT_OF_MEMORY, NETWORK, CRASH, ABORTED, UNKNOWN. =='
WITH kinds AS (
  SELECT count(*) OVER () AS total, failure_kind AS kind, sum(runs)::bigint AS failures
    FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
   WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
   GROUP BY 2  -- 1 is the total
  HAVING sum(runs) > 0
   ORDER BY failures DESC, kind
   LIMIT (:'limit')::int)
-- The kind's newest failure of the window: its range of an index (V10_1) read backwards from the window's end.
SELECT k.total, k.kind, k.failures,
       (SELECT e.execution_name
          FROM experiments e
         WHERE e.execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
           AND oriole_failure_kind_of(e.execution_status, e.last_error) = k.kind
           AND e.completed_at >= (:'at')::timestamptz - (:'since')::interval
           AND e.completed_at <= (:'at')::timestamptz
         ORDER BY e.completed_at DESC, e.id DESC
         LIMIT 1) AS example
  FROM kinds k
 ORDER BY k.failures DESC, k.kind;

-- name: failures_by_state
-- 3c. Failures within the window by failed state and kind (from the execution history): which step fails, and how; the newest example.
\echo ''
\echo '== 3c. Failures within the window by failed state and kind (from the execution history): which step fails, and how; the newest example. =='
WITH states AS (
  SELECT count(*) OVER () AS total, failed_state AS state, state_kind AS kind, sum(runs)::bigint AS failures
    FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
   WHERE failed_state IS NOT NULL  -- a failure, or a caught failure with a failed state
   GROUP BY 2, 3  -- 1 is the total
  HAVING sum(runs) > 0
   ORDER BY failures DESC, state, kind
   LIMIT (:'limit')::int)
-- Where the state's newest failure of the window failed, and its name: its index range (V10_1) read backwards.
SELECT s.total, s.state, s.kind, s.failures, newest.failed_in, newest.newest_example
  FROM states s
  LEFT JOIN LATERAL (
       SELECT coalesce(e.failed_function, e.failed_resource) AS failed_in, e.execution_name AS newest_example
         FROM experiments e
        WHERE (e.execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') OR e.failed_state IS NOT NULL)
          AND oriole_failed_state_label(e.execution_status, e.failed_state, e.explain_note) = s.state
          AND oriole_failed_state_kind(e.execution_status, e.failed_state, e.failed_kind, e.last_error) = s.kind
          AND e.completed_at >= (:'at')::timestamptz - (:'since')::interval
          AND e.completed_at <= (:'at')::timestamptz
        ORDER BY e.completed_at DESC, e.id DESC
        LIMIT 1) AS newest ON true
 ORDER BY s.failures DESC, s.state, s.kind;

-- name: failure_details
-- 4. Detailed error information for each failure within the window, newest first.
\echo ''
\echo '== 4. Detailed error information for each failure within the window, newest first. =='
SELECT (SELECT coalesce(sum(runs), 0)::bigint
          FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
         WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')) AS total,
       id, execution_name, execution_status AS status, last_error ->> 'kind' AS kind,
       last_error ->> 'error' AS error, left(regexp_replace(last_error ->> 'cause', '\s+', ' ', 'g'), 160) AS cause,
       failure_reason, redrive_count,
       to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS completed_utc
  FROM experiments
 WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
   AND completed_at >= (:'at')::timestamptz - (:'since')::interval
   AND completed_at <= (:'at')::timestamptz
 ORDER BY completed_at DESC, id
 LIMIT (:'limit')::int;

-- name: success_rates
-- 5. Success rates by model and temperature within the window: did the workflow finish (execution
--    succeeded) versus did the agent find the goal; two different questions.
\echo ''
\echo '== 5. Success rates by model and temperature within the window: did the workflow finish (execution succeeded) versus did the agent find the goal; two different questions. =='
WITH cohorts AS (
  SELECT count(*) OVER () AS total, coalesce(model_name, '(unknown)') AS model_name, temperature,
         sum(runs)::bigint AS runs,
         coalesce(sum(runs) FILTER (WHERE execution_status = 'SUCCEEDED'), 0)::bigint AS succeeded,
         coalesce(sum(runs) FILTER (WHERE goal_found), 0)::bigint AS goal_found
    FROM oriole_counts_started((:'at')::timestamptz, (:'since')::interval)  -- whole days counted, the partial ones read (V10)
   WHERE measure = 1
   GROUP BY 2, 3  -- 1 is the total
  HAVING sum(runs) > 0
   ORDER BY 2, 3
   LIMIT (:'limit')::int),
buckets AS (
  -- how long the cohort's finished runs took, to within 5 % (oriole_duration_bucket)
  SELECT coalesce(model_name, '(unknown)') AS model_name, temperature, duration_bucket, sum(runs) AS runs
    FROM oriole_counts_started((:'at')::timestamptz, (:'since')::interval)
   WHERE measure = 2
   GROUP BY 1, 2, 3
  HAVING sum(runs) > 0),
ranked AS (
  SELECT model_name, temperature, duration_bucket,
         sum(runs) OVER (PARTITION BY model_name, temperature ORDER BY duration_bucket NULLS FIRST) - runs AS below,
         sum(runs) OVER (PARTITION BY model_name, temperature ORDER BY duration_bucket NULLS FIRST) AS up_to,
         sum(runs) OVER (PARTITION BY model_name, temperature) AS finished
    FROM buckets),
positions AS (
  -- percentile_cont's two neighbouring runs in duration order, floor((n - 1) p) + 1 and the next, and how far
  -- between them the quantile lies; each run's duration is its bucket's middle (within 2.5 %)
  SELECT model_name, temperature, oriole_bucket_seconds(duration_bucket) AS seconds, below, up_to,
         floor((finished - 1) * 0.5) + 1 AS median_at, (finished - 1) * 0.5 - floor((finished - 1) * 0.5) AS median_past,
         floor((finished - 1) * 0.9) + 1 AS p90_at, (finished - 1) * 0.9 - floor((finished - 1) * 0.9) AS p90_past,
         finished
    FROM ranked),
quantiles AS (
  SELECT model_name, temperature,
         round((max(seconds) FILTER (WHERE median_at > below AND median_at <= up_to) + max(median_past)
                * (max(seconds) FILTER (WHERE least(median_at + 1, finished) > below AND least(median_at + 1, finished) <= up_to)
                   - max(seconds) FILTER (WHERE median_at > below AND median_at <= up_to)))::numeric, 1) AS median_seconds,
         round((max(seconds) FILTER (WHERE p90_at > below AND p90_at <= up_to) + max(p90_past)
                * (max(seconds) FILTER (WHERE least(p90_at + 1, finished) > below AND least(p90_at + 1, finished) <= up_to)
                   - max(seconds) FILTER (WHERE p90_at > below AND p90_at <= up_to)))::numeric, 1) AS p90_seconds
    FROM positions
   GROUP BY 1, 2)
SELECT c.total, c.model_name, c.temperature, c.runs, c.succeeded, c.goal_found,  -- each rate with its 95 % Wilson interval
       round(100.0 * c.succeeded / c.runs, 1) AS execution_success_percent,
       round(100 * (oriole_wilson(c.succeeded, c.runs)).low::numeric, 1) AS execution_success_low,
       round(100 * (oriole_wilson(c.succeeded, c.runs)).high::numeric, 1) AS execution_success_high,
       round(100.0 * c.goal_found / c.runs, 1) AS goal_found_percent,
       round(100 * (oriole_wilson(c.goal_found, c.runs)).low::numeric, 1) AS goal_found_low,
       round(100 * (oriole_wilson(c.goal_found, c.runs)).high::numeric, 1) AS goal_found_high,
       q.median_seconds, q.p90_seconds
  FROM cohorts c
  LEFT JOIN quantiles q ON q.model_name = c.model_name AND q.temperature IS NOT DISTINCT FROM c.temperature
 ORDER BY c.model_name, c.temperature;

-- name: duplicate_sqs_processing
-- 6. One SQS message, several executions started within the window: the request was processed more than once.
\echo ''
\echo '== 6. One SQS message, several executions started within the window: the request was processed more than once. =='
WITH repeated AS (
  -- The messages that ever started more than one execution (repeated_messages, kept by V10's triggers), each
  -- counted in the window through the message id's index: bounded by those few, whatever the window.
  -- A lateral count per message, so that even a generic plan (the web view's prepared statements) goes by message
  -- id and never by the window's start times: 385 ms at 90 days and 1,000,000 runs the other way.
  SELECT r.sqs_message_id, w.executions
    FROM repeated_messages r
   CROSS JOIN LATERAL (
         SELECT count(*) AS executions
           FROM experiments e
          WHERE e.sqs_message_id = r.sqs_message_id
            AND e.started_at >= (:'at')::timestamptz - (:'since')::interval
            AND e.started_at <= (:'at')::timestamptz) w
   WHERE w.executions > 1),
listed AS (
  -- the page first, then only its messages' runs named
  SELECT count(*) OVER () AS total, sqs_message_id, executions
    FROM repeated
   ORDER BY sqs_message_id
   LIMIT (:'limit')::int)
SELECT r.total, r.sqs_message_id, r.executions, d.runs
  FROM listed r
 CROSS JOIN LATERAL (
       SELECT string_agg(coalesce(e.execution_name, '(no execution)') || ' ' || coalesce(e.execution_status, '-'), ', '
                         ORDER BY e.started_at, e.id) AS runs
         FROM experiments e
        WHERE e.sqs_message_id = r.sqs_message_id
          AND e.started_at >= (:'at')::timestamptz - (:'since')::interval
          AND e.started_at <= (:'at')::timestamptz) d
 ORDER BY r.sqs_message_id;

-- name: aws_cli_commands
-- 7. Ready AWS CLI commands for the stuck and failed runs listed above.
\echo ''
\echo '== 7. Ready AWS CLI commands for the stuck and failed runs listed above. =='
WITH listed AS (
  -- The runs sections 1 and 4 list: the oldest stuck ones and the newest failures, limit each.
  (SELECT id FROM experiments
    WHERE completed_at IS NULL
      AND (execution_status IS NULL OR execution_status IN ('RUNNING', 'PENDING_REDRIVE'))
      AND started_at < (:'at')::timestamptz - (:'stuck_after')::interval
    ORDER BY started_at, id
    LIMIT (:'limit')::int)
  UNION
  (SELECT id FROM experiments
    WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
      AND completed_at >= (:'at')::timestamptz - (:'since')::interval
      AND completed_at <= (:'at')::timestamptz
    ORDER BY completed_at DESC, id
    LIMIT (:'limit')::int))
-- The values only: diagnose and the web view build the commands from them in Java (AwsCliCommands), where
-- every value is quoted for the shell once; a name from a forged event cannot become shell code here.
SELECT execution_name, execution_arn, started_at, (:'log_group') AS log_group
  FROM experiments
  JOIN listed USING (id)
 WHERE execution_arn IS NOT NULL
 ORDER BY started_at, id;

-- name: executions_not_found
-- 8. Rows whose execution Step Functions does not know (marked by the reconciler, never asked again): deleted, or another account or region.
\echo ''
\echo '== 8. Rows whose execution Step Functions does not know (marked by the reconciler, never asked again): deleted, or another account or region. =='
SELECT count(*) OVER () AS total, id, execution_name, execution_status AS status,
       to_char(reconciled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS asked_utc
  FROM experiments
 WHERE reconcile_note = 'EXECUTION_DOES_NOT_EXIST'
 ORDER BY id
 LIMIT (:'limit')::int;

-- name: failures_over_time
-- 9. Failures within the window by kind, per hour (per day when the window is longer than two days), oldest first.
\echo ''
\echo '== 9. Failures within the window by kind, per hour (per day when the window is longer than two days), oldest first. =='
SELECT to_char(completed_hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS period_utc, failure_kind AS kind,
       -- per hour (a window of two days at most) and per day from experiment_counts (V10)
       sum(runs)::bigint AS failures
  FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval, true)
 WHERE (:'since')::interval <= interval '48 hours'
   AND execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
 GROUP BY 1, 2
HAVING sum(runs) > 0
UNION ALL
SELECT to_char(completed_day, 'YYYY-MM-DD"T00:00Z"') AS period_utc, failure_kind AS kind, sum(runs)::bigint AS failures
  FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
 WHERE (:'since')::interval > interval '48 hours'
   AND execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
 GROUP BY 1, 2
HAVING sum(runs) > 0
 ORDER BY 1, 2;

-- name: durations
-- 10. How long the runs that finished within the window took, succeeded and not.
\echo ''
\echo '== 10. How long the runs that finished within the window took, succeeded and not. =='
WITH counted AS (
  -- From experiment_counts: each finished run's band is counted there (oriole_duration_band).
  SELECT duration_band AS position,
         sum(runs) FILTER (WHERE execution_status = 'SUCCEEDED') AS succeeded,
         sum(runs) FILTER (WHERE execution_status <> 'SUCCEEDED') AS failed
    FROM oriole_counts_completed((:'at')::timestamptz, (:'since')::interval)
   WHERE duration_band IS NOT NULL
   GROUP BY duration_band)
SELECT b.duration, coalesce(c.succeeded, 0)::bigint AS succeeded, coalesce(c.failed, 0)::bigint AS failed
  FROM (VALUES (1, 'under 1 min'), (2, '1-5 min'), (3, '5-15 min'), (4, '15-30 min'), (5, '30-60 min'), (6, '1-2 h'),
               (7, 'over 2 h')) AS b(position, duration)
  LEFT JOIN counted c USING (position)
 ORDER BY b.position;

-- name: rows_before_tracking
-- 11. Rows from before tracking (no execution ARN, no SQS message id): not executions, never counted as running; stuck only while unfinished.
\echo ''
\echo '== 11. Rows from before tracking (no execution ARN, no SQS message id): not executions, never counted as running; stuck only while unfinished. =='
SELECT count(*) AS rows,
       count(*) FILTER (WHERE completed_at IS NULL) AS unfinished
  FROM experiments
 WHERE execution_arn IS NULL
   AND sqs_message_id IS NULL;

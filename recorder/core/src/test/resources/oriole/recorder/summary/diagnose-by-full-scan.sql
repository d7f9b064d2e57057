-- The test oracle of SummaryExactnessTest: diagnose's aggregate queries as plain aggregates over a full scan of
-- experiments (what they were before experiment_counts, V10), which the summary-backed queries in
-- db/queries/diagnose-failed-experiments.sql must answer exactly alike. Read by DiagnosticQueries.parse, never by psql.

-- name: failure_rate
-- Monitoring: share of the executions that ended within the window and did not succeed.
SELECT count(*) FILTER (WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')) AS failed,
       count(*) AS finished,
       round(100.0 * count(*) FILTER (WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED'))
             / nullif(count(*), 0), 1) AS failure_rate_percent
  FROM experiments
 WHERE completed_at >= (:'at')::timestamptz - (:'since')::interval
   AND completed_at <= (:'at')::timestamptz
   AND execution_status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED');

-- name: failures_by_error
-- 3a. Failures within the window by Step Functions error.
SELECT count(*) OVER () AS total, coalesce(last_error ->> 'error', '(none)') AS error, execution_status AS status, count(*) AS failures
  FROM experiments
 WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
   AND completed_at >= (:'at')::timestamptz - (:'since')::interval
   AND completed_at <= (:'at')::timestamptz
 GROUP BY 2, 3  -- 1 is the total
 ORDER BY failures DESC, error, status
 LIMIT (:'limit')::int;

-- name: failures_by_kind
-- 3b. Failures within the window by kind: TIMEOUT, OUT_OF_MEMORY, NETWORK, CRASH, ABORTED, UNKNOWN.
SELECT count(*) OVER () AS total, coalesce(last_error ->> 'kind', 'UNKNOWN') AS kind, count(*) AS failures,
       (array_agg(execution_name ORDER BY completed_at DESC, id DESC))[1] AS example
  FROM experiments
 WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
   AND completed_at >= (:'at')::timestamptz - (:'since')::interval
   AND completed_at <= (:'at')::timestamptz
 GROUP BY 2  -- 1 is the total
 ORDER BY failures DESC, kind
 LIMIT (:'limit')::int;

-- name: failures_by_state
-- 3c. Failures within the window by failed state and kind (from the execution history): which step fails, and how; the newest example.
SELECT count(*) OVER () AS total,
       coalesce(failed_state, CASE explain_note WHEN 'EXECUTION_DOES_NOT_EXIST' THEN '(history gone)'
                                                WHEN 'NO_FAILURE_IN_HISTORY' THEN '(no failed state)'
                                                ELSE '(not explained yet)' END) AS state,
       coalesce(failed_kind, last_error ->> 'kind', 'UNKNOWN') AS kind, count(*) AS failures,
       (array_agg(coalesce(failed_function, failed_resource) ORDER BY completed_at DESC, id DESC))[1] AS failed_in,
       (array_agg(execution_name ORDER BY completed_at DESC, id DESC))[1] AS newest_example
  FROM experiments
 WHERE (execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') OR failed_state IS NOT NULL)
   AND completed_at >= (:'at')::timestamptz - (:'since')::interval
   AND completed_at <= (:'at')::timestamptz
 GROUP BY 2, 3  -- 1 is the total
 ORDER BY failures DESC, state, kind
 LIMIT (:'limit')::int;

-- name: failure_details
-- 4. Detailed error information for each failure within the window, newest first.
SELECT (SELECT count(*)
          FROM experiments
         WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
           AND completed_at >= (:'at')::timestamptz - (:'since')::interval
           AND completed_at <= (:'at')::timestamptz) AS total,
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
SELECT total, model_name, temperature, runs, succeeded, goal_found,  -- each rate with its 95 % Wilson interval
       round(100.0 * succeeded / runs, 1) AS execution_success_percent,
       round(100 * (oriole_wilson(succeeded, runs)).low::numeric, 1) AS execution_success_low,
       round(100 * (oriole_wilson(succeeded, runs)).high::numeric, 1) AS execution_success_high,
       round(100.0 * goal_found / runs, 1) AS goal_found_percent,
       round(100 * (oriole_wilson(goal_found, runs)).low::numeric, 1) AS goal_found_low,
       round(100 * (oriole_wilson(goal_found, runs)).high::numeric, 1) AS goal_found_high,
       median_seconds, p90_seconds
  FROM (SELECT count(*) OVER () AS total, coalesce(model_name, '(unknown)') AS model_name, temperature,
               count(*) AS runs, count(*) FILTER (WHERE execution_status = 'SUCCEEDED') AS succeeded,
               count(*) FILTER (WHERE goal_found) AS goal_found,
               -- percentile_cont over each run's duration bucket middle (oriole_duration_bucket)
               CASE WHEN count(*) FILTER (WHERE completed_at IS NOT NULL) > 0 THEN round((oriole_bucket_seconds((array_agg(oriole_duration_bucket(oriole_took(started_at, completed_at)) ORDER BY oriole_duration_bucket(oriole_took(started_at, completed_at)) NULLS FIRST) FILTER (WHERE completed_at IS NOT NULL))[floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.5)::int + 1]) + ((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.5 - floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.5)) * (oriole_bucket_seconds((array_agg(oriole_duration_bucket(oriole_took(started_at, completed_at)) ORDER BY oriole_duration_bucket(oriole_took(started_at, completed_at)) NULLS FIRST) FILTER (WHERE completed_at IS NOT NULL))[least(floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.5)::int + 2, count(*) FILTER (WHERE completed_at IS NOT NULL))]) - oriole_bucket_seconds((array_agg(oriole_duration_bucket(oriole_took(started_at, completed_at)) ORDER BY oriole_duration_bucket(oriole_took(started_at, completed_at)) NULLS FIRST) FILTER (WHERE completed_at IS NOT NULL))[floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.5)::int + 1])))::numeric, 1) END AS median_seconds,
               CASE WHEN count(*) FILTER (WHERE completed_at IS NOT NULL) > 0 THEN round((oriole_bucket_seconds((array_agg(oriole_duration_bucket(oriole_took(started_at, completed_at)) ORDER BY oriole_duration_bucket(oriole_took(started_at, completed_at)) NULLS FIRST) FILTER (WHERE completed_at IS NOT NULL))[floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.9)::int + 1]) + ((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.9 - floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.9)) * (oriole_bucket_seconds((array_agg(oriole_duration_bucket(oriole_took(started_at, completed_at)) ORDER BY oriole_duration_bucket(oriole_took(started_at, completed_at)) NULLS FIRST) FILTER (WHERE completed_at IS NOT NULL))[least(floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.9)::int + 2, count(*) FILTER (WHERE completed_at IS NOT NULL))]) - oriole_bucket_seconds((array_agg(oriole_duration_bucket(oriole_took(started_at, completed_at)) ORDER BY oriole_duration_bucket(oriole_took(started_at, completed_at)) NULLS FIRST) FILTER (WHERE completed_at IS NOT NULL))[floor((count(*) FILTER (WHERE completed_at IS NOT NULL) - 1) * 0.9)::int + 1])))::numeric, 1) END AS p90_seconds
          FROM experiments
         WHERE started_at >= (:'at')::timestamptz - (:'since')::interval
           AND started_at <= (:'at')::timestamptz
         GROUP BY 2, 3  -- 1 is the total
         ORDER BY 2, 3
         LIMIT (:'limit')::int) AS cohorts
 ORDER BY model_name, temperature;

-- name: duplicate_sqs_processing
-- 6. One SQS message, several executions started within the window: the request was processed more than once.
WITH repeated AS (
  -- One pass over the window's start-time range, grouped in memory: bounded by the window, whatever the
  -- table's size (a probe per message seen took 1 s per 100,000 messages).
  SELECT sqs_message_id, count(*) AS executions
    FROM experiments
   WHERE sqs_message_id IS NOT NULL
     AND started_at >= (:'at')::timestamptz - (:'since')::interval
     AND started_at <= (:'at')::timestamptz
   GROUP BY sqs_message_id
  HAVING count(*) > 1)
SELECT count(*) OVER () AS total, r.sqs_message_id, r.executions, d.runs
  FROM repeated r
 CROSS JOIN LATERAL (
       SELECT string_agg(coalesce(e.execution_name, '(no execution)') || ' ' || coalesce(e.execution_status, '-'), ', '
                         ORDER BY e.started_at, e.id) AS runs
         FROM experiments e
        WHERE e.sqs_message_id = r.sqs_message_id
          AND e.started_at >= (:'at')::timestamptz - (:'since')::interval
          AND e.started_at <= (:'at')::timestamptz) d
 ORDER BY r.sqs_message_id
 LIMIT (:'limit')::int;

-- name: failures_over_time
-- 9. Failures within the window by kind, per hour (per day when the window is longer than two days), oldest first.
SELECT to_char(date_trunc(CASE WHEN (:'since')::interval <= interval '48 hours' THEN 'hour' ELSE 'day' END,
                          completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI"Z"') AS period_utc,
       coalesce(last_error ->> 'kind', 'UNKNOWN') AS kind, count(*) AS failures
  FROM experiments
 WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
   AND completed_at >= (:'at')::timestamptz - (:'since')::interval
   AND completed_at <= (:'at')::timestamptz
 GROUP BY 1, 2
 ORDER BY 1, 2;

-- name: durations
-- 10. How long the runs that finished within the window took, succeeded and not.
WITH finished AS (
  -- Each run's bucket computed once, then counted: one pass over the window, however many buckets.
  SELECT execution_status = 'SUCCEEDED' AS succeeded,
         CASE WHEN oriole_took(started_at, completed_at) < interval '1 minute' THEN 1
              WHEN oriole_took(started_at, completed_at) < interval '5 minutes' THEN 2
              WHEN oriole_took(started_at, completed_at) < interval '15 minutes' THEN 3
              WHEN oriole_took(started_at, completed_at) < interval '30 minutes' THEN 4
              WHEN oriole_took(started_at, completed_at) < interval '1 hour' THEN 5
              WHEN oriole_took(started_at, completed_at) < interval '2 hours' THEN 6
              ELSE 7 END AS position
    FROM experiments
   WHERE execution_status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')
     AND completed_at >= (:'at')::timestamptz - (:'since')::interval
     AND completed_at <= (:'at')::timestamptz
     AND started_at IS NOT NULL),
counted AS (
  SELECT position, count(*) FILTER (WHERE succeeded) AS succeeded, count(*) FILTER (WHERE NOT succeeded) AS failed
    FROM finished
   GROUP BY position)
SELECT b.duration, coalesce(c.succeeded, 0) AS succeeded, coalesce(c.failed, 0) AS failed
  FROM (VALUES (1, 'under 1 min'), (2, '1-5 min'), (3, '5-15 min'), (4, '15-30 min'), (5, '30-60 min'), (6, '1-2 h'),
               (7, 'over 2 h')) AS b(position, duration)
  LEFT JOIN counted c USING (position)
 ORDER BY b.position;


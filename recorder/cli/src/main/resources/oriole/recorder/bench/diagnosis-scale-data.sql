-- Realistic scale data for bench --diagnose, made with set operations (no row-by-row inserts).
-- bench.experiments: how many experiments; their starts spread over the 90 days before now.
-- 2 % unfinished (stuck RUNNING), 8 % failed (kinds and errors as the workflow's Lambdas fail), the rest
-- succeeded; one SQS message in a thousand started two executions; three history events per experiment, each
-- stored as the recorder stores it (the envelope without the execution's input and output).
INSERT INTO experiments (model_name, temperature, started_at, completed_at, goal_found, failure_reason,
                         execution_arn, execution_name, execution_status, status_rank, redrive_count,
                         state_machine_arn, sqs_message_id, last_error)
SELECT (ARRAY['claude-3-5-sonnet', 'claude-3-opus', 'claude-3-haiku'])[1 + g % 3],
       (g % 5) * 0.25,
       s.started,
       CASE WHEN s.fate = 'RUNNING' THEN NULL ELSE s.started + interval '1 second' * (60 + g % 900) END,
       CASE WHEN s.fate = 'SUCCEEDED' THEN g % 2 = 0 END,
       CASE WHEN s.fate = 'FAILED' THEN 'TIMEOUT: Sandbox.Timedout: Task timed out after 900.00 seconds' END,
       'arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-' || g,
       'exp-' || g,
       s.fate,
       CASE s.fate WHEN 'RUNNING' THEN 10 WHEN 'SUCCEEDED' THEN 20 ELSE 21 END,
       0,
       'arn:aws:states:us-east-1:123456789012:stateMachine:oriole-maze-experiment',
       'msg-' || CASE WHEN g % 1000 = 1 THEN g - 1 ELSE g END,
       CASE WHEN s.fate = 'FAILED' THEN jsonb_build_object('error', (ARRAY['Sandbox.Timedout', 'Runtime.ExitError',
                 'ConnectionError', 'KeyError'])[1 + g % 4], 'cause', 'Task timed out after 900.00 seconds',
                 'kind', (ARRAY['TIMEOUT', 'OUT_OF_MEMORY', 'NETWORK', 'CRASH'])[1 + g % 4],
                 'timestamp', to_char(s.started, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END
  FROM generate_series(1, current_setting('bench.experiments')::int) g
 CROSS JOIN LATERAL (SELECT now() - interval '90 days' * ((g::bigint * 7919) % 1000000) / 1000000.0 AS started,
                            CASE WHEN g % 50 = 0 THEN 'RUNNING' WHEN g % 50 < 5 THEN 'FAILED' ELSE 'SUCCEEDED' END
                                AS fate) s
 -- in the order they started, as a table fills over time (a window's runs lie together, not on every page)
 ORDER BY s.started;

INSERT INTO execution_events (event_id, execution_arn, status, redrive_count, start_date, stop_date, event_time,
                              received_at, event)
SELECT e.execution_name || '-' || n, e.execution_arn,
       CASE WHEN n = 1 THEN 'RUNNING' ELSE coalesce(e.execution_status, 'RUNNING') END, 0, e.started_at,
       CASE WHEN n = 1 THEN NULL ELSE e.completed_at END, e.started_at,
       coalesce(e.completed_at, e.started_at) + interval '1 second' * n,
       jsonb_build_object('version', '0', 'id', e.execution_name || '-' || n,
                          'detail-type', 'Step Functions Execution Status Change', 'source', 'aws.states',
                          'detail', jsonb_build_object('executionArn', e.execution_arn, 'name', e.execution_name,
                              'stateMachineArn', e.state_machine_arn, 'status', e.execution_status,
                              'startDate', (extract(epoch FROM e.started_at) * 1000)::bigint,
                              'stopDate', (extract(epoch FROM e.completed_at) * 1000)::bigint,
                              'inputDetails', jsonb_build_object('included', true),
                              'outputDetails', jsonb_build_object('included', true),
                              'error', e.last_error ->> 'error', 'cause', e.last_error ->> 'cause',
                              'redriveCount', 0))
  FROM experiments e
 CROSS JOIN generate_series(1, 3) n;

-- The recorder keeps every event id it wrote in execution_event_ids (its duplicate check): so does this data.
INSERT INTO execution_event_ids (event_id, received_at)
SELECT event_id, received_at FROM execution_events ORDER BY event_id;

-- The research summary: how many runs there are of every kind diagnose, the overview and report count, per UTC
-- day and per UTC hour, kept by the database itself in every writer's own transaction (docs/performance.md, "Any window").
--
-- Why it is exact, whoever writes: statement-level triggers with transition tables on experiments see every row
-- any INSERT, UPDATE or DELETE changed (the recorder, the workflow's own statements, psql, COPY, a migration, a
-- BEFORE trigger's own DELETE) and add +1 for each new row's key and -1 for each old row's key, in the same
-- transaction: the summary commits or rolls back with the rows it counts, and a TRUNCATE empties it too. An UPDATE
-- that changes none of a row's counted columns adds +1 and -1 to the same key and writes nothing.
--
-- Why it is fast: a window is its whole UTC days read from the summary's day rows (a few dozen keys a day for each
-- family of questions), the whole hours of its partial first and last day from the hour rows, and only its partial
-- first and last hour from experiments through the started_at or completed_at index; all time is every day.
--
-- Concurrent writers: every transaction adds to a slot of a key that it alone writes until it ends (slots 1 to 16,
-- claimed with a non-blocking advisory lock, else one of its backend pid's own), so concurrent recorders and the
-- workflow's Lambdas never wait on each other over the summary, whatever order their statements take; readers add
-- the slots up. oriole_compact_counts() folds the slots of past days into one (the reconciler runs
-- it; so do migrate and `summary --rebuild`).
--
-- Rebuild and check: oriole_rebuild_counts() recounts everything under a SHARE lock on experiments (writers wait,
-- readers do not); oriole_count_differences() lists every key where the summary and a full scan disagree (none).
-- `java -jar recorder.jar summary --verify` and `summary --rebuild` call them.

SELECT set_config('lock_timeout', '5s', true);  -- for this migration's transaction (Flyway runs it in one)

-- What is counted of one run, three keys (measure), each with the columns one family of aggregates groups or
-- filters by: 1, by start day, its model, temperature, status and goal (success and goal rates per cohort); 2, for
-- a finished run, by start day, its model, temperature and duration bucket (medians and p90s per cohort); 3, for a
-- run that ended, by end day, its status, failure kind, error, failed state and that state's kind (failure columns
-- only for failures, the failed state only for failures and explained caught failures) and duration band (failure
-- rate, failures by error, kind and state, failures over time, durations). Narrow keys, not one key with them all:
-- a day has a few dozen keys of each instead of their product. Each again by UTC hour (measures 11, 12 and 13), for
-- the window's partial days.
DO $$
BEGIN
    CREATE TYPE oriole_count_key AS (
        measure          smallint,
        started_day      date,
        completed_day    date,
        model_name       text,
        temperature      numeric,
        execution_status text,
        goal_found       boolean,
        failure_kind     text,
        error            text,
        failed_state     text,
        state_kind       text,
        duration_band    smallint,
        duration_bucket  integer,
        started_hour     timestamptz,
        completed_hour   timestamptz
    );
EXCEPTION WHEN duplicate_object THEN
    NULL;  -- made by an earlier run of this file
END
$$;

-- Section 10's bands of a finished run's duration (diagnose's "durations"), 1 = under 1 min ... 7 = over 2 h.
CREATE OR REPLACE FUNCTION oriole_duration_band(took interval) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN took < interval '1 minute' THEN 1
                WHEN took < interval '5 minutes' THEN 2
                WHEN took < interval '15 minutes' THEN 3
                WHEN took < interval '30 minutes' THEN 4
                WHEN took < interval '1 hour' THEN 5
                WHEN took < interval '2 hours' THEN 6
                ELSE 7 END::smallint
$$;

-- A finished run's duration to within 5 %: bucket b holds durations in [1.05^b, 1.05^(b+1)) seconds, so a median
-- or p90 read from the buckets (oriole_bucket_seconds, the bucket's geometric middle) is within 2.5 % of the
-- exact one. A duration of zero or less (clocks disagreeing) has no bucket and counts as 0 s.
CREATE OR REPLACE FUNCTION oriole_duration_bucket(took interval) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN took > interval '0' THEN floor(ln(extract(epoch FROM took)::float8) / ln(1.05::float8))::integer END
$$;

CREATE OR REPLACE FUNCTION oriole_bucket_seconds(bucket integer) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN bucket IS NULL THEN 0 ELSE power(1.05::float8, bucket + 0.5) END
$$;

-- How long a run took: completed_at - started_at, which PostgreSQL 15 refuses ("cannot subtract infinite
-- timestamps") for a time at -infinity or infinity that a writer may store; the summary's keys must not make such a
-- writer's statement fail. Such a run took longer than any finite span (or less, ended before it started).
CREATE OR REPLACE FUNCTION oriole_took(started_at timestamptz, completed_at timestamptz) RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN isfinite(started_at) AND isfinite(completed_at) THEN completed_at - started_at
                WHEN completed_at > started_at THEN interval '178000000 years'
                WHEN completed_at < started_at THEN interval '-178000000 years'
                ELSE interval '0' END
$$;

-- The failure's kind (diagnose 3b) and its failed state and that state's kind (3c), for the rows those sections count;
-- functions of their own so that V10_1's indexes and the newest-example lookups name the same expressions.
CREATE OR REPLACE FUNCTION oriole_failure_kind_of(execution_status text, last_error jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
                THEN coalesce(last_error ->> 'kind', 'UNKNOWN') END
$$;

CREATE OR REPLACE FUNCTION oriole_failed_state_label(execution_status text, failed_state text, explain_note text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') OR failed_state IS NOT NULL
                THEN coalesce(failed_state, CASE explain_note WHEN 'EXECUTION_DOES_NOT_EXIST' THEN '(history gone)'
                                                              WHEN 'NO_FAILURE_IN_HISTORY' THEN '(no failed state)'
                                                              ELSE '(not explained yet)' END) END
$$;

CREATE OR REPLACE FUNCTION oriole_failed_state_kind(execution_status text, failed_state text, failed_kind text,
                                                    last_error jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') OR failed_state IS NOT NULL
                THEN coalesce(failed_kind, last_error ->> 'kind', 'UNKNOWN') END
$$;

CREATE OR REPLACE FUNCTION oriole_failure_error(execution_status text, last_error jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') THEN coalesce(last_error ->> 'error', '(none)') END
$$;

-- The duration band of a run that finished (diagnose's section 10 counts those).
CREATE OR REPLACE FUNCTION oriole_finished_band(execution_status text, started_at timestamptz, completed_at timestamptz)
RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN execution_status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED') AND started_at IS NOT NULL
                     AND completed_at IS NOT NULL
                THEN oriole_duration_band(oriole_took(started_at, completed_at)) END
$$;

-- Measure 1 of a run.
CREATE OR REPLACE FUNCTION oriole_start_key(e experiments) RETURNS oriole_count_key
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ROW(1, (e.started_at AT TIME ZONE 'UTC')::date, NULL, e.model_name, e.temperature, e.execution_status,
               e.goal_found, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::oriole_count_key
$$;

-- Measure 2 of a finished run (completed_at set; started_at too, else it has no duration).
CREATE OR REPLACE FUNCTION oriole_duration_key(e experiments) RETURNS oriole_count_key
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ROW(2, (e.started_at AT TIME ZONE 'UTC')::date, NULL, e.model_name, e.temperature, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, oriole_duration_bucket(oriole_took(e.started_at, e.completed_at)), NULL, NULL)::oriole_count_key
$$;

-- Measure 3 of a run that ended (the failed state's label as diagnose's "failures by state", 3c, shows it).
CREATE OR REPLACE FUNCTION oriole_end_key(e experiments) RETURNS oriole_count_key
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ROW(
        3,
        NULL,
        (e.completed_at AT TIME ZONE 'UTC')::date,
        NULL,
        NULL,
        e.execution_status,
        NULL,
        oriole_failure_kind_of(e.execution_status, e.last_error),
        oriole_failure_error(e.execution_status, e.last_error),
        oriole_failed_state_label(e.execution_status, e.failed_state, e.explain_note),
        oriole_failed_state_kind(e.execution_status, e.failed_state, e.failed_kind, e.last_error),
        oriole_finished_band(e.execution_status, e.started_at, e.completed_at),
        NULL, NULL, NULL
    )::oriole_count_key
$$;

-- A day key (measure 1, 2 or 3) as its hour key (11, 12 or 13): the same counted columns, the UTC hour the run
-- started (1 and 2) or ended (3) instead of the day. The window's partial days are read from these.
CREATE OR REPLACE FUNCTION oriole_hour_key(k oriole_count_key, e experiments) RETURNS oriole_count_key
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ROW((k).measure + 10, NULL, NULL, (k).model_name, (k).temperature, (k).execution_status, (k).goal_found,
               (k).failure_kind, (k).error, (k).failed_state, (k).state_kind, (k).duration_band, (k).duration_bucket,
               CASE WHEN (k).measure <> 3 THEN date_trunc('hour', e.started_at, 'UTC') END,
               CASE WHEN (k).measure = 3 THEN date_trunc('hour', e.completed_at, 'UTC') END)::oriole_count_key
$$;

-- Every key one run counts under: measures 1 and 11 always, 2 and 12 once it finished (with a start, else it has
-- no duration), 3 and 13 once it ended. The triggers, the rebuild and the check all count through this function.
CREATE OR REPLACE FUNCTION oriole_run_keys(e experiments) RETURNS SETOF oriole_count_key
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (k).*
      FROM (VALUES (oriole_start_key(e)),
                   (CASE WHEN e.completed_at IS NOT NULL AND e.started_at IS NOT NULL THEN oriole_duration_key(e) END),
                   (CASE WHEN e.completed_at IS NOT NULL THEN oriole_end_key(e) END)) AS d(day_key),
           LATERAL (VALUES (day_key), (oriole_hour_key(day_key, e))) AS h(k)
     WHERE (k).measure IS NOT NULL
$$;

-- One row per key and slot. The key's hash is the conflict target: a key holds untrusted text of any length
-- (errors, state names, model names), more than a B-tree entry may hold; the columns themselves are what readers
-- group by. md5 of the key's text form (which quotes every field and spells NULL apart from ''): a collision
-- would need two keys built to collide, by someone who already writes the table. The measure
-- is in the primary key as the partitions need it (the hash covers it already).
CREATE TABLE IF NOT EXISTS experiment_counts (
    key_hash         uuid     NOT NULL,
    slot             integer  NOT NULL,
    measure          smallint NOT NULL,
    started_day      date,
    completed_day    date,
    model_name       text,
    temperature      numeric,
    execution_status text,
    goal_found       boolean,
    failure_kind     text,
    error            text,
    failed_state     text,
    state_kind       text,
    duration_band    smallint,
    duration_bucket  integer,
    started_hour     timestamptz,
    completed_hour   timestamptz,
    runs             bigint   NOT NULL,
    PRIMARY KEY (key_hash, slot, measure)
) PARTITION BY LIST (measure);

-- A partition per measure: a window's day rows of one family lie together, apart from the others and from the
-- hour rows (ten times as many).
CREATE TABLE IF NOT EXISTS experiment_counts_starts_by_day PARTITION OF experiment_counts FOR VALUES IN (1);
CREATE TABLE IF NOT EXISTS experiment_counts_durations_by_day PARTITION OF experiment_counts FOR VALUES IN (2);
CREATE TABLE IF NOT EXISTS experiment_counts_ends_by_day PARTITION OF experiment_counts FOR VALUES IN (3);
CREATE TABLE IF NOT EXISTS experiment_counts_starts_by_hour PARTITION OF experiment_counts FOR VALUES IN (11);
CREATE TABLE IF NOT EXISTS experiment_counts_durations_by_hour PARTITION OF experiment_counts FOR VALUES IN (12);
CREATE TABLE IF NOT EXISTS experiment_counts_ends_by_hour PARTITION OF experiment_counts FOR VALUES IN (13);

COMMENT ON TABLE experiment_counts IS
    'How many experiments rows there are of each kind (oriole_count_key) per UTC start and completion day, kept by the experiments table''s statement triggers in every writer''s transaction; slots are per connection, sum them. Rebuild: SELECT oriole_rebuild_counts(); check: SELECT * FROM oriole_count_differences() (no rows).';

CREATE INDEX IF NOT EXISTS experiment_counts_started_day_idx ON experiment_counts (measure, started_day)
    WHERE started_day IS NOT NULL;
CREATE INDEX IF NOT EXISTS experiment_counts_completed_day_idx ON experiment_counts (completed_day)
    WHERE measure = 3 AND completed_day IS NOT NULL;
CREATE INDEX IF NOT EXISTS experiment_counts_started_hour_idx ON experiment_counts (measure, started_hour)
    WHERE started_hour IS NOT NULL;
CREATE INDEX IF NOT EXISTS experiment_counts_completed_hour_idx ON experiment_counts (completed_hour)
    WHERE measure = 13 AND completed_hour IS NOT NULL;

-- The statement's changes to the summary: per key, new rows minus old rows, in key-hash order, in a slot no other
-- open transaction writes. A slot shared by two transactions (pid % 16, as it was) let two writers of unrelated rows
-- deadlock over it: each statement takes its keys in order, but a transaction's statements (the recorder's two, the
-- fold trigger's DELETE before its INSERT, any psql transaction) take them in any order. Slot 0 is the compaction's
-- and the rebuild's, never a writer's. pg_try_advisory_xact_lock never waits, and succeeds again for a slot the
-- transaction holds already.
CREATE OR REPLACE FUNCTION oriole_count_changes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    my_slot integer;
BEGIN
    IF TG_RELID <> 'experiments'::regclass OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'oriole_count_changes serves the experiments table''s statement triggers only';
    END IF;
    IF TG_OP <> 'TRUNCATE' AND current_setting('transaction_isolation') <> 'read committed' THEN
        -- REPEATABLE READ, SERIALIZABLE: a shared slot's row may have been written by a transaction that committed
        -- after this one's snapshot, which its ON CONFLICT DO UPDATE refuses ("could not serialize access"); this
        -- backend's own slot was last written before its snapshot (by this backend, or by one that ended before it began).
        my_slot := 16 + pg_backend_pid();
    ELSIF TG_OP <> 'TRUNCATE' THEN
        FOR i IN 0..15 LOOP
            my_slot := 1 + (pg_backend_pid() + i) % 16;
            EXIT WHEN pg_try_advisory_xact_lock(1869769074, my_slot);
            my_slot := NULL;
        END LOOP;
        -- all 16 held by other transactions: one of this backend's own, which no other live backend has
        my_slot := coalesce(my_slot, 16 + pg_backend_pid());
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE experiment_counts;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO experiment_counts AS c
        SELECT md5(k::text)::uuid, my_slot, (k).*, sum(delta)
          FROM (SELECT k, 1 AS delta FROM new_rows n, LATERAL oriole_run_keys(n) AS k) d
         GROUP BY k ORDER BY 1
        ON CONFLICT (key_hash, slot, measure) DO UPDATE SET runs = c.runs + excluded.runs;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO experiment_counts AS c
        SELECT md5(k::text)::uuid, my_slot, (k).*, sum(delta)
          FROM (SELECT k, 1 AS delta FROM new_rows n, LATERAL oriole_run_keys(n) AS k
                UNION ALL
                SELECT k, -1 FROM old_rows o, LATERAL oriole_run_keys(o) AS k) d
         GROUP BY k HAVING sum(delta) <> 0 ORDER BY 1
        ON CONFLICT (key_hash, slot, measure) DO UPDATE SET runs = c.runs + excluded.runs;
    ELSE
        INSERT INTO experiment_counts AS c
        SELECT md5(k::text)::uuid, my_slot, (k).*, sum(delta)
          FROM (SELECT k, -1 AS delta FROM old_rows o, LATERAL oriole_run_keys(o) AS k) d
         GROUP BY k ORDER BY 1
        ON CONFLICT (key_hash, slot, measure) DO UPDATE SET runs = c.runs + excluded.runs;
    END IF;
    RETURN NULL;
END
$$;

-- Everything counted again from experiments, the slots folded into one. Writers wait (SHARE lock) so no change
-- falls between the count and the swap; readers go on.
CREATE OR REPLACE FUNCTION oriole_rebuild_counts() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    keys bigint;
BEGIN
    LOCK TABLE experiments IN SHARE MODE;
    LOCK TABLE experiment_counts IN EXCLUSIVE MODE;
    DELETE FROM experiment_counts;
    INSERT INTO experiment_counts
    SELECT md5(k::text)::uuid, 0, (k).*, count(*)
      FROM (SELECT k FROM experiments e, LATERAL oriole_run_keys(e) AS k) d
     GROUP BY k
     -- a day's (an hour's) rows together on disk, as the triggers leave them: a window reads few pages
     ORDER BY (k).measure, (k).started_day, (k).completed_day, (k).started_hour, (k).completed_hour;
    GET DIAGNOSTICS keys = ROW_COUNT;
    RETURN keys;
END
$$;

-- The last UTC day a summary row counts runs of (-infinity for rows of runs without times).
CREATE OR REPLACE FUNCTION oriole_count_last_day(started_day date, completed_day date, started_hour timestamptz,
                                                 completed_hour timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(greatest(started_day, completed_day, (started_hour AT TIME ZONE 'UTC')::date,
                             (completed_hour AT TIME ZONE 'UTC')::date), DATE '-infinity')
$$;

-- The slots of days before yesterday folded into slot 0, and keys counting nothing removed: the summary stays a
-- few hundred rows a day however many connections wrote it. Safe beside writers: a writer's increment to a row
-- folded away meanwhile inserts it again (ON CONFLICT), so nothing is lost. It never waits for a writer: rows an
-- open transaction holds are left for the next run (SKIP LOCKED), and slot 0 is no writer's, so a writer may wait
-- for the compaction but never the other way round (taking every row it met, it could hold the row a writer was
-- about to write and wait for one the writer held: a deadlock).
CREATE OR REPLACE FUNCTION oriole_compact_counts() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    folded bigint;
BEGIN
    WITH taken AS (
        DELETE FROM experiment_counts
         WHERE (key_hash, slot, measure) IN (
                   SELECT key_hash, slot, measure
                     FROM experiment_counts
                    WHERE (slot <> 0 OR runs = 0)
                      AND oriole_count_last_day(started_day, completed_day, started_hour, completed_hour) < (now() AT TIME ZONE 'UTC')::date - 1
                      FOR UPDATE SKIP LOCKED)
        RETURNING *),
    summed AS (
        SELECT key_hash, measure, started_day, completed_day, model_name, temperature, execution_status, goal_found,
               failure_kind, error, failed_state, state_kind, duration_band, duration_bucket, started_hour,
               completed_hour, sum(runs) AS runs
          FROM taken
         GROUP BY key_hash, measure, started_day, completed_day, model_name, temperature, execution_status, goal_found,
                  failure_kind, error, failed_state, state_kind, duration_band, duration_bucket, started_hour,
                  completed_hour)
    INSERT INTO experiment_counts AS c
    SELECT key_hash, 0, measure, started_day, completed_day, model_name, temperature, execution_status, goal_found,
           failure_kind, error, failed_state, state_kind, duration_band, duration_bucket, started_hour, completed_hour,
           runs
      FROM summed
     ORDER BY key_hash
    ON CONFLICT (key_hash, slot, measure) DO UPDATE SET runs = c.runs + excluded.runs;
    GET DIAGNOSTICS folded = ROW_COUNT;
    DELETE FROM experiment_counts
     WHERE (key_hash, slot, measure) IN (
               SELECT key_hash, slot, measure
                 FROM experiment_counts
                WHERE runs = 0
                  AND oriole_count_last_day(started_day, completed_day, started_hour, completed_hour) < (now() AT TIME ZONE 'UTC')::date - 1
                  FOR UPDATE SKIP LOCKED);
    RETURN folded;
END
$$;

-- Every key where the summary and a full scan of experiments disagree: none, when the summary is right.
CREATE OR REPLACE FUNCTION oriole_count_differences()
RETURNS TABLE (count_key oriole_count_key, counted bigint, scanned bigint)
LANGUAGE sql STABLE AS $$
    WITH counted AS (
        SELECT ROW(measure, started_day, completed_day, model_name, temperature, execution_status, goal_found, failure_kind,
                   error, failed_state, state_kind, duration_band, duration_bucket, started_hour,
                   completed_hour)::oriole_count_key AS k,
               sum(runs) AS runs
          FROM experiment_counts
         GROUP BY 1),
    scanned AS (
        SELECT k, count(*) AS runs FROM experiments e, LATERAL oriole_run_keys(e) AS k GROUP BY 1)
    SELECT k, coalesce(c.runs, 0), coalesce(s.runs, 0)
      FROM counted c FULL JOIN scanned s USING (k)
     WHERE coalesce(c.runs, 0) <> coalesce(s.runs, 0)
$$;

-- A window [at - since, at] is read in three grains. Its whole UTC days [first day, last day) (none when the last
-- is not after the first) from the day rows (measures 1 to 3); the whole UTC hours of its partial first and last
-- day, [first hour, first day) and [max(last day, first day), last hour), from the hour rows (11 to 13); and its
-- partial first and last hour, [at - since, first hour) and [max(last hour, first hour), at], from experiments
-- through the started_at or completed_at index. At most 2 x 23 hour rows' worth of keys and two hours of runs are
-- read besides the days, however long the window and however many runs a day holds.
-- 24 hours, not '1 day': timestamptz + '1 day' is a calendar day of the session's TimeZone, 23 or 25 hours across
-- a daylight saving change, which would make the first whole day start off a UTC midnight.
CREATE OR REPLACE FUNCTION oriole_first_whole_day(since timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN date_trunc('day', since, 'UTC') = since THEN since
                ELSE date_trunc('day', since, 'UTC') + interval '24 hours' END
$$;

CREATE OR REPLACE FUNCTION oriole_first_whole_hour(since timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN date_trunc('hour', since, 'UTC') = since THEN since
                ELSE date_trunc('hour', since, 'UTC') + interval '1 hour' END
$$;

-- The runs of the window's partial first and last hour by start, through the started_at index.
CREATE OR REPLACE FUNCTION oriole_edge_runs_started(at timestamptz, since interval)
RETURNS SETOF experiments
LANGUAGE sql STABLE AS $$
    SELECT e.*
      FROM experiments e
     WHERE e.started_at >= at - since
       AND e.started_at < (SELECT oriole_first_whole_hour(at - since))
       AND e.started_at <= at
    UNION ALL
    SELECT e.*
      FROM experiments e
     WHERE e.started_at >= (SELECT greatest(date_trunc('hour', at, 'UTC'), oriole_first_whole_hour(at - since)))
       AND e.started_at <= at
$$;

-- The same by end, through the completed_at index.
CREATE OR REPLACE FUNCTION oriole_edge_runs_completed(at timestamptz, since interval)
RETURNS SETOF experiments
LANGUAGE sql STABLE AS $$
    SELECT e.*
      FROM experiments e
     WHERE e.completed_at >= at - since
       AND e.completed_at < (SELECT oriole_first_whole_hour(at - since))
       AND e.completed_at <= at
    UNION ALL
    SELECT e.*
      FROM experiments e
     WHERE e.completed_at >= (SELECT greatest(date_trunc('hour', at, 'UTC'), oriole_first_whole_hour(at - since)))
       AND e.completed_at <= at
$$;

-- The window's keys by when its runs started (success and goal rates, durations per cohort), as measure 1 or 2:
-- each summary row with its count, each edge run as its keys with 1.
CREATE OR REPLACE FUNCTION oriole_counts_started(at timestamptz, since interval)
RETURNS TABLE (measure smallint, model_name text, temperature numeric, execution_status text, goal_found boolean,
               duration_bucket integer, runs bigint)
LANGUAGE sql STABLE AS $$
    SELECT c.measure, c.model_name, c.temperature, c.execution_status, c.goal_found, c.duration_bucket, c.runs
      FROM experiment_counts c
     WHERE c.measure IN (1, 2)
       AND c.started_day >= (SELECT (oriole_first_whole_day(at - since) AT TIME ZONE 'UTC')::date)
       AND c.started_day < (SELECT (date_trunc('day', at, 'UTC') AT TIME ZONE 'UTC')::date)
    UNION ALL
    SELECT (c.measure - 10)::smallint, c.model_name, c.temperature, c.execution_status, c.goal_found, c.duration_bucket,
           c.runs
      FROM experiment_counts c
     WHERE c.measure IN (11, 12)
       AND c.started_hour >= (SELECT oriole_first_whole_hour(at - since))
       AND c.started_hour < (SELECT least(oriole_first_whole_day(at - since), date_trunc('hour', at, 'UTC')))
    UNION ALL
    SELECT (c.measure - 10)::smallint, c.model_name, c.temperature, c.execution_status, c.goal_found, c.duration_bucket,
           c.runs
      FROM experiment_counts c
     WHERE c.measure IN (11, 12)
       AND c.started_hour >= (SELECT greatest(date_trunc('day', at, 'UTC'), oriole_first_whole_day(at - since)))
       AND c.started_hour < (SELECT date_trunc('hour', at, 'UTC'))
    UNION ALL
    -- the edges' columns as oriole_count_key and oriole_duration_key give them (SummaryExactnessTest holds them
    -- alike), named here so that PostgreSQL computes only these for each edge run
    SELECT 1::smallint, e.model_name, e.temperature, e.execution_status, e.goal_found, NULL::integer, 1::bigint
      FROM oriole_edge_runs_started(at, since) e
    UNION ALL
    SELECT 2::smallint, e.model_name, e.temperature, NULL, NULL, oriole_duration_bucket(oriole_took(e.started_at, e.completed_at)), 1
      FROM oriole_edge_runs_started(at, since) e
     WHERE e.completed_at IS NOT NULL AND e.started_at IS NOT NULL
$$;

-- The window's measure-3 keys by when its runs ended (failure rate, failures by error, kind and state, failures
-- over time, durations), with the day they ended and, but for the day rows, the hour. by_hour: every whole hour
-- from the hour rows, no day rows (failures per hour).
CREATE OR REPLACE FUNCTION oriole_counts_completed(at timestamptz, since interval, by_hour boolean DEFAULT false)
RETURNS TABLE (completed_day date, completed_hour timestamptz, execution_status text, failure_kind text, error text,
               failed_state text, state_kind text, duration_band smallint, runs bigint)
LANGUAGE sql STABLE AS $$
    SELECT c.completed_day, NULL::timestamptz, c.execution_status, c.failure_kind, c.error, c.failed_state,
           c.state_kind, c.duration_band, c.runs
      FROM experiment_counts c
     WHERE c.measure = 3
       AND NOT by_hour
       AND c.completed_day >= (SELECT (oriole_first_whole_day(at - since) AT TIME ZONE 'UTC')::date)
       AND c.completed_day < (SELECT (date_trunc('day', at, 'UTC') AT TIME ZONE 'UTC')::date)
    UNION ALL
    SELECT (c.completed_hour AT TIME ZONE 'UTC')::date, c.completed_hour, c.execution_status, c.failure_kind, c.error,
           c.failed_state, c.state_kind, c.duration_band, c.runs
      FROM experiment_counts c
     WHERE c.measure = 13
       AND c.completed_hour >= (SELECT oriole_first_whole_hour(at - since))
       AND c.completed_hour < (SELECT CASE WHEN by_hour THEN date_trunc('hour', at, 'UTC')
                                           ELSE least(oriole_first_whole_day(at - since), date_trunc('hour', at, 'UTC')) END)
    UNION ALL
    SELECT (c.completed_hour AT TIME ZONE 'UTC')::date, c.completed_hour, c.execution_status, c.failure_kind, c.error,
           c.failed_state, c.state_kind, c.duration_band, c.runs
      FROM experiment_counts c
     WHERE c.measure = 13
       AND NOT by_hour
       AND c.completed_hour >= (SELECT greatest(date_trunc('day', at, 'UTC'), oriole_first_whole_day(at - since)))
       AND c.completed_hour < (SELECT date_trunc('hour', at, 'UTC'))
    UNION ALL
    SELECT (e.completed_at AT TIME ZONE 'UTC')::date, date_trunc('hour', e.completed_at, 'UTC'), e.execution_status,
           oriole_failure_kind_of(e.execution_status, e.last_error),
           oriole_failure_error(e.execution_status, e.last_error),
           oriole_failed_state_label(e.execution_status, e.failed_state, e.explain_note),
           oriole_failed_state_kind(e.execution_status, e.failed_state, e.failed_kind, e.last_error),
           oriole_finished_band(e.execution_status, e.started_at, e.completed_at), 1
      FROM oriole_edge_runs_completed(at, since) e
$$;

-- The SQS messages that started more than one execution (diagnose's section 6): the candidates, a superset kept
-- by the experiments table's statement triggers; the query counts each candidate's executions in its window. A
-- message id is noted when a statement gives a row that message id and the table then holds two rows or more with
-- it. Exact under concurrent writers: the check runs under an advisory lock on the message id's bucket, so of two
-- transactions writing the same message id the later one's check waits for the earlier one's commit and sees both
-- rows (in READ COMMITTED; a transaction of a stricter level notes its message ids unchecked). Rows deleted later leave their message a candidate that the
-- query no longer counts.
CREATE TABLE IF NOT EXISTS repeated_messages (
    message_hash   uuid PRIMARY KEY,
    sqs_message_id text NOT NULL
);

COMMENT ON TABLE repeated_messages IS
    'SQS message ids that more than one experiments row has carried (kept by the experiments table''s statement triggers); diagnose counts their executions per window.';

CREATE OR REPLACE FUNCTION oriole_note_repeated_messages() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    messages text[];
BEGIN
    IF TG_RELID <> 'experiments'::regclass OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'oriole_note_repeated_messages serves the experiments table''s statement triggers only';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.sqs_message_id ORDER BY n.sqs_message_id) INTO messages
          FROM new_rows n WHERE n.sqs_message_id IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT n.sqs_message_id ORDER BY n.sqs_message_id) INTO messages
          FROM new_rows n
         WHERE n.sqs_message_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND o.sqs_message_id = n.sqs_message_id);
    END IF;
    IF messages IS NULL THEN
        RETURN NULL;
    END IF;
    -- A lock class of its own, taken by every writer at the end of its statement and never before anything else
    -- it waits for, so it closes no cycle with the execution locks; per bucket of message ids, so a bulk load
    -- takes at most 1,024 of them.
    PERFORM count(pg_advisory_xact_lock(1869769073, bucket))
       FROM (SELECT DISTINCT hashtext(m) & 1023 AS bucket FROM unnest(messages) AS m ORDER BY 1) AS b;
    -- The check sees the earlier writer's commit only with a snapshot taken after the lock: each statement's own in
    -- READ COMMITTED. A REPEATABLE READ or SERIALIZABLE transaction reads with its first statement's snapshot, which
    -- may predate that commit: it notes each of its messages unchecked (a candidate the query counts, nothing more).
    -- Its ON CONFLICT then fails on a row committed after that snapshot ("could not serialize access"): that row is
    -- the same message noted already, so the failure is caught, message by message.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        FOR i IN 1..cardinality(messages) LOOP
            BEGIN
                INSERT INTO repeated_messages (message_hash, sqs_message_id)
                SELECT md5(messages[i])::uuid, messages[i]
                 WHERE NOT EXISTS (SELECT 1 FROM repeated_messages r WHERE r.message_hash = md5(messages[i])::uuid)
                ON CONFLICT (message_hash) DO NOTHING;
            EXCEPTION WHEN serialization_failure THEN
                NULL;
            END;
        END LOOP;
        RETURN NULL;
    END IF;
    INSERT INTO repeated_messages (message_hash, sqs_message_id)
    SELECT md5(m)::uuid, m
      FROM unnest(messages) AS m
     WHERE (SELECT count(*) FROM (SELECT 1 FROM experiments e WHERE e.sqs_message_id = m LIMIT 2) AS two) = 2
     ORDER BY 1
    ON CONFLICT (message_hash) DO NOTHING;
    RETURN NULL;
END
$$;

INSERT INTO repeated_messages (message_hash, sqs_message_id)
SELECT md5(sqs_message_id)::uuid, sqs_message_id
  FROM experiments
 WHERE sqs_message_id IS NOT NULL
 GROUP BY sqs_message_id
HAVING count(*) > 1
ON CONFLICT (message_hash) DO NOTHING;

-- The counts of every row already in the table (an existing oriole database), then the triggers that keep them.
SELECT oriole_rebuild_counts();

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION oriole_count_changes() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION oriole_rebuild_counts() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION oriole_compact_counts() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION oriole_note_repeated_messages() SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION oriole_count_changes() FROM PUBLIC;
REVOKE ALL ON FUNCTION oriole_note_repeated_messages() FROM PUBLIC;
REVOKE ALL ON FUNCTION oriole_rebuild_counts() FROM PUBLIC;

DROP TRIGGER IF EXISTS experiments_count_inserts ON experiments;
CREATE TRIGGER experiments_count_inserts
    AFTER INSERT ON experiments REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION oriole_count_changes();
DROP TRIGGER IF EXISTS experiments_count_updates ON experiments;
CREATE TRIGGER experiments_count_updates
    AFTER UPDATE ON experiments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION oriole_count_changes();
DROP TRIGGER IF EXISTS experiments_count_deletes ON experiments;
CREATE TRIGGER experiments_count_deletes
    AFTER DELETE ON experiments REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION oriole_count_changes();
DROP TRIGGER IF EXISTS experiments_count_truncates ON experiments;
CREATE TRIGGER experiments_count_truncates
    AFTER TRUNCATE ON experiments
    FOR EACH STATEMENT EXECUTE FUNCTION oriole_count_changes();
DROP TRIGGER IF EXISTS experiments_note_repeated_inserts ON experiments;
CREATE TRIGGER experiments_note_repeated_inserts
    AFTER INSERT ON experiments REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION oriole_note_repeated_messages();
DROP TRIGGER IF EXISTS experiments_note_repeated_updates ON experiments;
CREATE TRIGGER experiments_note_repeated_updates
    AFTER UPDATE ON experiments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION oriole_note_repeated_messages();

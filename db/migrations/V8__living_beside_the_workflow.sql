-- Living beside oriole's own writes. The workflow's first state, StartExperiment, INSERTs the experiment row
-- *after* its execution started (a plain INSERT ... RETURNING id, no ON CONFLICT), so the recorder's first
-- event may have created the execution's row already; FinalizeExperiment and FinalizeOnError UPDATE that row
-- by id, before or after the recorder has seen the terminal event. This file makes both writers end in one row
-- per execution, whoever writes first, with the right status (docs/adopting.md):
--
--   * a row the recorder created is marked recorder_created; the workflow's INSERT for the same execution (by
--     execution_arn, or by sqs_message_id when it writes no ARN) takes that row's tracking columns and the
--     recorder's row goes: the INSERT succeeds and RETURNING id gives the workflow's own id, which its later
--     UPDATEs and its own tables use;
--   * the workflow's INSERT and the recorder's batch serialise on an advisory lock per execution (the recorder
--     takes them, sorted, in its batch's first statement), so neither can miss the other's uncommitted row;
--   * a failure the workflow wrote (FinalizeOnError) is never erased: the recorder keeps it, and when Step
--     Functions then reports SUCCEEDED (the Catch handled it) it marks it caught and the row stays a failure;
--   * the workflow's UPDATEs cannot contradict what Step Functions reported: a SUCCEEDED written after Step
--     Functions said FAILED keeps FAILED (the goal it found is kept).
-- Plain SQL: applies with psql -f as well as Flyway; re-runnable (CREATE OR REPLACE, IF NOT EXISTS).
-- Order on a live table: first what takes only row locks (clearing the old rows' status touches no row the
-- workflow writes), then every change that locks the table, each under a lock timeout, so that a long reader makes
-- the migration fail (run it again) instead of queueing StartExperiment and the recorder behind it.

-- The seed's migration 015 gave execution_status DEFAULT 'RUNNING', which marked every row it never tracked
-- (and every later INSERT that names no status) as running; rows from before tracking (no ARN, no message id, no
-- status from the recorder) said 'RUNNING' only because of it: they are not executions anybody reported running.
-- Their status becomes unknown (NULL); every other column stays as it is. docs/adopting.md says how to go back.
UPDATE experiments
   SET execution_status = NULL
 WHERE execution_status = 'RUNNING'
   AND execution_arn IS NULL
   AND sqs_message_id IS NULL
   AND status_rank IS NULL;

SELECT set_config('lock_timeout', '5s', true);  -- for this migration's transaction (Flyway runs it in one)

ALTER TABLE experiments ADD COLUMN IF NOT EXISTS recorder_created boolean;

COMMENT ON COLUMN experiments.recorder_created IS
    'True while the row is the recorder''s own: it was created from a Step Functions event before the workflow''s StartExperiment INSERT. That INSERT (same execution_arn, or same sqs_message_id without an ARN) takes the row''s tracking columns and keeps its own id; the recorder''s row is removed. NULL for rows the workflow or anyone else created.';

-- The workflow writes 'RUNNING' itself: 015's default goes.
ALTER TABLE experiments ALTER COLUMN execution_status DROP DEFAULT;

-- A database that ran oriole's 015 by hand may already hold an index V2 created again under the recorder's name
-- (same table, columns, uniqueness and predicate): the recorder's copy goes, oriole's stays (ON CONFLICT
-- (execution_arn) finds any unique index on the column). Only indexes V2 named are ever dropped.
DO $$
DECLARE
    duplicate record;
BEGIN
    FOR duplicate IN
        SELECT ours.indexrelid::regclass AS index_name
          FROM pg_index ours
          JOIN pg_class ours_class ON ours_class.oid = ours.indexrelid
         WHERE ours.indrelid = 'experiments'::regclass
           AND ours_class.relname IN ('experiments_execution_arn_key', 'experiments_execution_status_started_at_idx',
                                      'experiments_sqs_message_id_idx', 'experiments_running_started_at_idx')
           AND EXISTS (SELECT 1
                         FROM pg_index theirs
                        WHERE theirs.indrelid = ours.indrelid
                          AND theirs.indexrelid <> ours.indexrelid
                          AND theirs.indisvalid
                          AND theirs.indkey::text = ours.indkey::text
                          AND theirs.indclass::text = ours.indclass::text
                          AND theirs.indisunique = ours.indisunique
                          AND pg_get_expr(theirs.indpred, theirs.indrelid) IS NOT DISTINCT FROM pg_get_expr(ours.indpred, ours.indrelid)
                          AND pg_get_expr(theirs.indexprs, theirs.indrelid) IS NOT DISTINCT FROM pg_get_expr(ours.indexprs, ours.indrelid))
    LOOP
        EXECUTE format('DROP INDEX %s', duplicate.index_name);
    END LOOP;
END
$$;

-- The advisory locks both writers take for an execution, by its ARN or message id. Two levels, so that concurrent
-- recorders do not wait on each other for nothing and no batch runs out of lock table: an execution's own lock
-- (the key's full hash), taken exclusively, under its bucket's lock (the hash folded to 512 buckets), taken shared.
-- A batch of more than 256 keys takes its buckets exclusively instead (at most 512 locks, however large the
-- batch), which stands for every execution in them. Everyone takes bucket locks first, then execution locks, each
-- in ascending order, so no two takers wait on each other in a cycle. Both writers call this one function.
CREATE OR REPLACE FUNCTION oriole_lock_executions(keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    taken bigint;
    more  bigint;
BEGIN
    IF coalesce(cardinality(keys), 0) > 256 THEN
        SELECT count(pg_advisory_xact_lock(1869769071, bucket)) INTO taken
          FROM (SELECT DISTINCT hashtext(k) & 511 AS bucket FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1) AS b;
        RETURN taken;
    END IF;
    SELECT count(pg_advisory_xact_lock_shared(1869769071, bucket)) INTO taken
      FROM (SELECT DISTINCT hashtext(k) & 511 AS bucket FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1) AS b;
    SELECT count(pg_advisory_xact_lock(1869769072, execution)) INTO more
      FROM (SELECT DISTINCT hashtext(k) AS execution FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1) AS e;
    RETURN taken + more;
END
$$;

-- The recorder's transactions say who they are (set_config in the batch's first statement); every other writer
-- (the workflow, psql, a bulk load) is held to the rules below.
CREATE OR REPLACE FUNCTION oriole_is_recorder() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('oriole.writer', true), '') = 'recorder'
$$;

-- The failure kind of an error and cause a workflow wrote, by the recorder's rules (status.FailureClassifier:
-- the same phrases in the same order, ASCII case folding; FailureKindAgreementTest holds the two to the same
-- answers): OUT_OF_MEMORY, TIMEOUT, NETWORK, else CRASH, or UNKNOWN with neither error nor cause.
CREATE OR REPLACE FUNCTION oriole_failure_kind(error text, cause text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    lambda_error jsonb;
    lambda_type  text;
    lambda_text  text;
    evidence     text;
    folded       text;
BEGIN
    IF cause IS NOT NULL AND ltrim(cause, E' \t\n\r\f\x0B') LIKE '{%' THEN
        BEGIN
            lambda_error := cause::jsonb;
        EXCEPTION WHEN others THEN
            lambda_error := NULL;
        END;
        IF jsonb_typeof(lambda_error) = 'object' THEN
            IF jsonb_typeof(lambda_error -> 'errorType') IN ('string', 'number', 'boolean') THEN
                lambda_type := lambda_error ->> 'errorType';
            END IF;
            IF jsonb_typeof(lambda_error -> 'errorMessage') IN ('string', 'number', 'boolean') THEN
                lambda_text := lambda_error ->> 'errorMessage';
            END IF;
        END IF;
    END IF;
    evidence := coalesce(error || E'\n', '') || coalesce(lambda_type || E'\n', '')
             || coalesce(lambda_text || E'\n', '') || coalesce(cause || E'\n', '');
    folded := translate(evidence, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
    IF strpos(evidence, 'Runtime.OutOfMemory') > 0 OR strpos(evidence, 'signal: killed') > 0
       OR strpos(evidence, 'OutOfMemoryError') > 0 OR strpos(evidence, 'JavaScript heap out of memory') > 0
       OR strpos(evidence, 'Cannot allocate memory') > 0
       OR evidence ~ '(^|[^A-Za-z0-9_])MemoryError([^A-Za-z0-9_]|$)'
       OR evidence ~ E'exceeded[^\n\r\u0085\u2028\u2029]{0,20}memory' THEN
        RETURN 'OUT_OF_MEMORY';
    END IF;
    IF strpos(evidence, 'States.Timeout') > 0 OR strpos(evidence, 'States.HeartbeatTimeout') > 0
       OR strpos(evidence, 'Sandbox.Timedout') > 0 OR strpos(evidence, 'Task timed out after') > 0
       OR strpos(evidence, 'Lambda.TimeoutException') > 0 OR strpos(evidence, 'Function timed out') > 0 THEN
        RETURN 'TIMEOUT';
    END IF;
    IF folded ~ ('connection refused|connection reset|econnrefused|econnreset|etimedout|ehostunreach|enotfound'
                 '|eai_again|connect timed out|connection timed out|read timed out|unknownhostexception'
                 '|unknown host|name or service not known|temporary failure in name resolution'
                 '|network is unreachable|no route to host|sdkclientexception|unable to execute http request'
                 '|endpointconnectionerror|connecttimeouterror|readtimeouterror'
                 '|could not connect to the endpoint url|connectexception|broken pipe|socket ?timeout') THEN
        RETURN 'NETWORK';
    END IF;
    -- Blank as Java's String.isBlank: Character.isWhitespace, no-break spaces excepted.
    IF coalesce(error, '') ~ E'^[ \t\n\x0B\f\r\x1C-\x1F\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]*$'
       AND coalesce(cause, '') ~ E'^[ \t\n\x0B\f\r\x1C-\x1F\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]*$' THEN
        RETURN 'UNKNOWN';
    END IF;
    RETURN 'CRASH';
END
$$;

-- last_error as another writer stored it, marked as the workflow's and given the kind the recorder would give.
-- A writer's error that is no JSON object (a string serialised twice, an array) is kept whole under "written",
-- its text as the cause, so that it is still a failure the recorder keeps and counts.
CREATE OR REPLACE FUNCTION oriole_workflow_error(written jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN jsonb_typeof(written) <> 'object'
             THEN jsonb_build_object('error', NULL, 'cause', written #>> '{}', 'written', written, 'source', 'workflow',
                                     'kind', oriole_failure_kind(NULL, written #>> '{}'))
             ELSE written
                  || jsonb_build_object('source', 'workflow')
                  || CASE WHEN written ? 'kind' THEN '{}'::jsonb
                          ELSE jsonb_build_object('kind', oriole_failure_kind(written ->> 'error', written ->> 'cause'))
                     END
           END
$$;

-- The row the workflow wrote (written) with what the recorder knew of its execution (recorded) folded in: column by
-- column at the top level only (a jsonb column's own nulls are the writer's and stay), the recorder's values fill
-- what the writer left NULL and replace what it says about the status, order key, start and stop. The writer's id
-- stays; the row is marked as the workflow's (recorder_created NULL). Both ways of meeting use it: the workflow's
-- INSERT after the recorder's row, and the recorder learning the message id of a row the workflow made first.
CREATE OR REPLACE FUNCTION oriole_merge_recorded(written experiments, recorded experiments) RETURNS experiments
LANGUAGE plpgsql STABLE AS $$
DECLARE
    recorded_values jsonb;
    written_keys    text[];
    merged          experiments;
BEGIN
    SELECT coalesce(jsonb_object_agg(key, value), '{}') INTO recorded_values
      FROM jsonb_each(to_jsonb(recorded))
     WHERE value <> 'null'::jsonb AND key NOT IN ('id', 'recorder_created');
    SELECT coalesce(array_agg(key), '{}') INTO written_keys
      FROM jsonb_each(to_jsonb(written))
     WHERE value <> 'null'::jsonb
       AND key NOT IN ('execution_status', 'status_rank', 'redrive_count', 'started_at', 'completed_at');
    merged := jsonb_populate_record(written, recorded_values - written_keys);
    IF recorded.status_rank IS NOT NULL THEN
        merged.execution_status := recorded.execution_status;
        merged.started_at := recorded.started_at;
        merged.completed_at := recorded.completed_at;
    END IF;
    merged.recorder_created := NULL;
    RETURN merged;
END
$$;

-- Another writer's INSERT. When the recorder already created the execution's row, that row's tracking columns
-- move into the new row (the recorder's knowledge of the execution wins: status, order key, start and stop,
-- error; for every other column the INSERT's value wins and the recorder's fills what it left NULL), and the
-- recorder's row is removed. The new row keeps the id the INSERT drew, which RETURNING gives back.
-- SECURITY DEFINER: removing the recorder's row must not need more of the workflow's role than the INSERT it
-- already may do (oriole's role need not hold DELETE); the search path is pinned to the migration's, as such a
-- function's must be.
CREATE OR REPLACE FUNCTION oriole_fold_recorder_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    recorded        experiments%ROWTYPE;
    by_message      boolean := NEW.execution_arn IS NULL;
BEGIN
    -- With the owner's rights it must serve experiments' own trigger and nothing else.
    IF TG_RELID <> 'experiments'::regclass OR TG_OP <> 'INSERT' OR TG_WHEN <> 'BEFORE' THEN
        RAISE EXCEPTION 'oriole_fold_recorder_row serves the experiments table''s BEFORE INSERT trigger only';
    END IF;
    IF NEW.last_error IS NOT NULL THEN
        NEW.last_error := oriole_workflow_error(NEW.last_error);
    END IF;
    IF NEW.execution_arn IS NOT NULL THEN
        PERFORM oriole_lock_executions(ARRAY[NEW.execution_arn]);
        DELETE FROM experiments WHERE execution_arn = NEW.execution_arn AND recorder_created
        RETURNING * INTO recorded;
    ELSIF NEW.sqs_message_id IS NOT NULL THEN
        PERFORM oriole_lock_executions(ARRAY[NEW.sqs_message_id]);
        -- Without an ARN the INSERT names its execution only by message: the earliest started one the recorder
        -- holds (the same choice the recorder makes for rows created before their execution).
        DELETE FROM experiments
         WHERE id = (SELECT r.id FROM experiments r
                      WHERE r.sqs_message_id = NEW.sqs_message_id AND r.recorder_created
                      ORDER BY r.started_at, r.execution_arn
                      LIMIT 1)
        RETURNING * INTO recorded;
    END IF;
    IF recorded.id IS NULL THEN
        RETURN NEW;
    END IF;
    NEW := oriole_merge_recorded(NEW, recorded);
    -- Taken by message id, as the recorder takes a row created before its execution (attachPreCreatedRows): marked
    -- the same way, so the row ends alike whichever writer came first.
    IF by_message THEN
        NEW.pre_created := true;
    END IF;
    RETURN NEW;
END
$$;

-- Another writer's UPDATE of a row whose execution Step Functions has reported on (status_rank holds the rank
-- of the status it reported last: 10 RUNNING, 20 SUCCEEDED, 21 FAILED, 22 TIMED_OUT, 23 ABORTED, 30
-- PENDING_REDRIVE). The rules the recorder's upsert applies in the other order, so both orders end alike:
--   * reported a failure (or PENDING_REDRIVE): the status and completion time stay Step Functions'; the error,
--     reason and goal the writer gives are kept (the workflow knows its own failure better);
--   * reported SUCCEEDED: a failure written now is a caught failure: it stands, marked caught; the completion
--     time stays Step Functions';
--   * reported RUNNING: the write stands (Step Functions has not finished).
CREATE OR REPLACE FUNCTION oriole_guard_reported_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_error IS DISTINCT FROM OLD.last_error AND NEW.last_error IS NOT NULL THEN
        NEW.last_error := oriole_workflow_error(NEW.last_error);
    END IF;
    IF OLD.status_rank IS NULL OR OLD.status_rank = 10 THEN
        RETURN NEW;
    END IF;
    -- A failure written after Step Functions' stop of a failed attempt is the next attempt's (a redrive whose
    -- RUNNING has not arrived yet): it stands, tagged with that attempt, which the recorder's upsert keeps.
    IF OLD.status_rank > 20 AND NEW.execution_status IN ('FAILED', 'TIMED_OUT') AND jsonb_typeof(NEW.last_error) = 'object'
       AND NEW.completed_at > OLD.completed_at THEN
        NEW.last_error := NEW.last_error || jsonb_build_object('attempt', coalesce(OLD.redrive_count, 0) + 1);
        RETURN NEW;
    END IF;
    IF OLD.completed_at IS NOT NULL THEN
        NEW.completed_at := OLD.completed_at;
    END IF;
    IF OLD.status_rank = 20 THEN
        IF NEW.execution_status IN ('FAILED', 'TIMED_OUT') AND jsonb_typeof(NEW.last_error) = 'object' THEN
            NEW.last_error := NEW.last_error || '{"caught": true}';
        ELSIF NEW.execution_status IS DISTINCT FROM OLD.execution_status THEN
            NEW.execution_status := OLD.execution_status;
        END IF;
    ELSE
        NEW.execution_status := OLD.execution_status;
    END IF;
    RETURN NEW;
END
$$;

-- Pinned to the migration's schema with pg_temp last, so no temporary table can stand in for experiments; and no
-- one may call it outside its trigger (a trigger needs EXECUTE only when it is created).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION oriole_fold_recorder_row() SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION oriole_fold_recorder_row() FROM PUBLIC;

DROP TRIGGER IF EXISTS experiments_fold_recorder_row ON experiments;
CREATE TRIGGER experiments_fold_recorder_row
    BEFORE INSERT ON experiments
    FOR EACH ROW WHEN (NEW.recorder_created IS NOT TRUE)
    EXECUTE FUNCTION oriole_fold_recorder_row();

DROP TRIGGER IF EXISTS experiments_guard_reported_status ON experiments;
CREATE TRIGGER experiments_guard_reported_status
    BEFORE UPDATE ON experiments
    FOR EACH ROW WHEN (NOT oriole_is_recorder())
    EXECUTE FUNCTION oriole_guard_reported_status();

-- The recorder learns an execution's message id late (its first events came without their input, over 248 KB) while
-- the workflow's message-only INSERT already made the execution's row: the recorder's row folds into the
-- workflow's, as if the INSERT had come second. Fires only on that rare update (the WHEN below), never on the
-- recorder's usual path.
CREATE OR REPLACE FUNCTION oriole_adopt_by_message() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    waiting experiments%ROWTYPE;
BEGIN
    SELECT * INTO waiting
      FROM experiments
     WHERE sqs_message_id = NEW.sqs_message_id AND execution_arn IS NULL
     ORDER BY id
     LIMIT 1
       FOR UPDATE;
    IF waiting.id IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM experiments WHERE id IN (NEW.id, waiting.id);
    waiting := oriole_merge_recorded(waiting, NEW);
    waiting.pre_created := true;
    INSERT INTO experiments SELECT (waiting).*;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS experiments_adopt_by_message ON experiments;
CREATE TRIGGER experiments_adopt_by_message
    AFTER UPDATE OF sqs_message_id ON experiments
    FOR EACH ROW WHEN (OLD.sqs_message_id IS NULL AND NEW.sqs_message_id IS NOT NULL AND NEW.recorder_created)
    EXECUTE FUNCTION oriole_adopt_by_message();

-- A bulk load (one INSERT ... SELECT or COPY of many executions, as diagnosis-scale-data.sql and an import do)
-- took one advisory lock per row through the fold trigger, all held to the end of its transaction: past a few
-- thousand rows PostgreSQL ran out of lock table ("out of shared memory", max_locks_per_transaction) and the load
-- failed. oriole_lock_executions now counts the executions its transaction has locked (a transaction-local
-- setting): past 256 it takes the buckets' locks exclusively instead, which stand for every execution in them,
-- so a transaction holds at most 256 execution locks and 512 bucket locks however many rows it writes. The
-- recorder's batches (a few dozen keys) and the workflow's one-row INSERT never get there and lock as before.
-- A bulk load that takes a bucket a recorder batch holds shared waits for it; one that holds execution locks
-- while it waits may deadlock with a batch, and PostgreSQL then aborts one of the two (a recorder batch is
-- delivered again).
CREATE OR REPLACE FUNCTION oriole_lock_executions(keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    locked_before integer := coalesce(nullif(current_setting('oriole.executions_locked', true), '')::integer, 0);
    taken         bigint;
    more          bigint;
BEGIN
    IF locked_before + coalesce(cardinality(keys), 0) > 256 THEN
        SELECT count(pg_advisory_xact_lock(1869769071, bucket)) INTO taken
          FROM (SELECT DISTINCT hashtext(k) & 511 AS bucket FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1) AS b;
        RETURN taken;
    END IF;
    SELECT count(pg_advisory_xact_lock_shared(1869769071, bucket)) INTO taken
      FROM (SELECT DISTINCT hashtext(k) & 511 AS bucket FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1) AS b;
    SELECT count(pg_advisory_xact_lock(1869769072, execution)) INTO more
      FROM (SELECT DISTINCT hashtext(k) AS execution FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1) AS e;
    PERFORM set_config('oriole.executions_locked', (locked_before + more)::text, true);
    RETURN taken + more;
END
$$;

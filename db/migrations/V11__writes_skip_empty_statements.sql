-- The summary's statement triggers (V10) fire for every statement on experiments, also for the ones that change no
-- row: the recorder's attach statement finds no pre-created row in almost every batch, yet its UPDATE and INSERT each
-- claimed a slot and ran the summary's INSERT over empty transition tables (docs/performance.md measures it). They
-- now return at once when the statement changed nothing. Otherwise the same functions as V10's. Plain SQL: applies with psql -f as well as Flyway; re-runnable.

SELECT set_config('lock_timeout', '5s', true);  -- for this migration's transaction (Flyway runs it in one)

CREATE OR REPLACE FUNCTION oriole_count_changes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    my_slot integer;
BEGIN
    IF TG_RELID <> 'experiments'::regclass OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'oriole_count_changes serves the experiments table''s statement triggers only';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE experiment_counts;
        RETURN NULL;
    END IF;
    -- A statement that changed no row changes no count (an UPDATE's new rows are as many as its old ones).
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT FROM old_rows) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT FROM new_rows) THEN
        RETURN NULL;
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        -- REPEATABLE READ, SERIALIZABLE: a shared slot's row may have been written by a transaction that committed
        -- after this one's snapshot, which its ON CONFLICT DO UPDATE refuses ("could not serialize access"); this
        -- backend's own slot was last written before its snapshot (by this backend, or by one that ended before it began).
        my_slot := 16 + pg_backend_pid();
    ELSE
        FOR i IN 0..15 LOOP
            my_slot := 1 + (pg_backend_pid() + i) % 16;
            EXIT WHEN pg_try_advisory_xact_lock(1869769074, my_slot);
            my_slot := NULL;
        END LOOP;
        -- all 16 held by other transactions: one of this backend's own, which no other live backend has
        my_slot := coalesce(my_slot, 16 + pg_backend_pid());
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

-- CREATE OR REPLACE takes the new definition's SET clauses (none), so the search path is pinned again as V10 did;
-- the function's owner and grants stay (EXECUTE revoked from PUBLIC), revoked again all the same.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION oriole_count_changes() SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION oriole_count_changes() FROM PUBLIC;

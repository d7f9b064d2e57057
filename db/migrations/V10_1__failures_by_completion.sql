-- The newest failure of each kind (diagnose 3b) and of each failed state and kind (3c) within a window, now that
-- their counts come from experiment_counts (V10): an index range per group read backwards from the window's end,
-- instead of a scan of every failure of the window. Partial (failures only), built CONCURRENTLY outside a
-- transaction (V10_1__failures_by_completion.sql.conf) so the workflow and the recorder keep writing meanwhile.
CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_failure_kind_completed_at_idx
    ON experiments (oriole_failure_kind_of(execution_status, last_error), completed_at, id)
    WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED');

CREATE INDEX CONCURRENTLY IF NOT EXISTS experiments_failed_state_kind_completed_at_idx
    ON experiments (oriole_failed_state_label(execution_status, failed_state, explain_note),
                    oriole_failed_state_kind(execution_status, failed_state, failed_kind, last_error), completed_at, id)
    WHERE execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED') OR failed_state IS NOT NULL;

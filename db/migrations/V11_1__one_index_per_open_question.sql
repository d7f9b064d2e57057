-- Two indexes no query reads any more, dropped CONCURRENTLY outside a transaction
-- (V11_1__one_index_per_open_question.sql.conf), so the workflow and the recorder keep writing meanwhile. Every
-- execution's RUNNING row was written into both, on the recorder's hot path:
--   * experiments_open_started_at_idx (V6, execution_status RUNNING or PENDING_REDRIVE): diagnose's running list and
--     the reconciler go by what Step Functions last reported (status_rank) since V8, through V8_1's
--     experiments_reported_running_idx;
--   * experiments_running_started_at_idx (V2, execution_status = 'RUNNING'): oriole's own stuck_count reads
--     experiments_execution_status_started_at_idx (execution_status, started_at) as well, one range either way;
--     diagnose's stuck runs read experiments_unfinished_started_at_idx.
-- Only the recorder's own names are dropped; an index oriole's 015 made under its own name stays.
DROP INDEX CONCURRENTLY IF EXISTS experiments_open_started_at_idx;
DROP INDEX CONCURRENTLY IF EXISTS experiments_running_started_at_idx;

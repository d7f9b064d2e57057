-- What the reconciler needs: rows whose events lacked their input/output, and what Step Functions said when asked.
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS payload_omitted boolean;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS reconciled_at   timestamptz;
ALTER TABLE experiments ADD COLUMN IF NOT EXISTS reconcile_note  text;

COMMENT ON COLUMN experiments.payload_omitted IS
    'An event of this execution came without its input or output (escaped input+output over 248 KB); the reconciler reads them with DescribeExecution.';
COMMENT ON COLUMN experiments.reconciled_at IS
    'When the reconciler last asked Step Functions (DescribeExecution) about this execution.';
COMMENT ON COLUMN experiments.reconcile_note IS
    'What the reconciler last learnt: HEALED, STILL_RUNNING, UNCHANGED, or EXECUTION_DOES_NOT_EXIST (then it is not asked again).';

-- The reconciler's two questions: open runs not asked for a while, and rows waiting for their payload.
CREATE INDEX IF NOT EXISTS experiments_payload_omitted_idx
    ON experiments (started_at)
    WHERE payload_omitted AND reconciled_at IS NULL;

-- oriole's migration 015 as a database that ran it by hand has it (the seed's notes: five columns with comments,
-- indexes under oriole's own names, and pre-migration rows reading execution_status 'RUNNING').
ALTER TABLE experiments ADD COLUMN execution_arn text;
ALTER TABLE experiments ADD COLUMN execution_name text;
ALTER TABLE experiments ADD COLUMN execution_status varchar(20) DEFAULT 'RUNNING';
ALTER TABLE experiments ADD COLUMN last_error jsonb;
ALTER TABLE experiments ADD COLUMN sqs_message_id text;
COMMENT ON COLUMN experiments.execution_arn IS 'Full ARN for AWS CLI queries';
COMMENT ON COLUMN experiments.execution_name IS 'Short name for log searching';
COMMENT ON COLUMN experiments.execution_status IS 'RUNNING -> SUCCEEDED/FAILED/TIMED_OUT';
COMMENT ON COLUMN experiments.last_error IS 'Structured error details (type + cause + timestamp)';
COMMENT ON COLUMN experiments.sqs_message_id IS 'For lifecycle tracing (queue -> execution -> experiment)';
CREATE UNIQUE INDEX idx_experiments_execution_arn ON experiments (execution_arn);
CREATE INDEX idx_experiments_execution_status ON experiments (execution_status);
CREATE INDEX idx_experiments_sqs_message_id ON experiments (sqs_message_id);

UPDATE experiments SET execution_status = $1, completed_at = NOW(), last_error = $2, failure_reason = $3 WHERE id = $4

UPDATE experiments SET execution_status = 'SUCCEEDED', goal_found = $1, completed_at = NOW() WHERE id = $2

INSERT INTO experiments (model_name, temperature, started_at, execution_status, sqs_message_id)
VALUES ($1, $2, NOW(), 'RUNNING', $3)
RETURNING id

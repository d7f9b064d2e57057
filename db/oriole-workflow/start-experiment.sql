INSERT INTO experiments (model_name, temperature, started_at,
                         execution_arn, execution_name, execution_status, sqs_message_id)
VALUES ($1, $2, NOW(), $3, $4, 'RUNNING', $5)
RETURNING id

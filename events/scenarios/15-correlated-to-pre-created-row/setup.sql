-- The experiment row the oriole API created when it queued the request, before any execution existed.
INSERT INTO experiments (model_name, temperature, started_at, sqs_message_id)
VALUES ('claude-3-opus', 0.3, '2026-01-01T15:29:58Z', 'msg-0015');

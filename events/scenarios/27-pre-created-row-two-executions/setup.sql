-- The experiment row the oriole API created when it queued msg-0027; SQS delivered the message twice.
INSERT INTO experiments (model_name, temperature, sqs_message_id)
VALUES ('claude-3-opus', 0.3, 'msg-0027');

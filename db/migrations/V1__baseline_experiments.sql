-- The experiments table as oriole knew it before execution tracking existed.
-- IF NOT EXISTS: on an existing oriole database this is a no-op and every row stays as it is.
CREATE TABLE IF NOT EXISTS experiments (
    id             bigserial PRIMARY KEY,
    model_name     text,
    temperature    numeric,
    started_at     timestamptz,
    completed_at   timestamptz,
    goal_found     boolean,
    failure_reason text
);

#!/usr/bin/env bash
# V7 (history by month) on a live-sized table: 1,000,000 experiments and 3,000,000 history events at V6, then V7
# with psql and \timing while pgbench inserts 200 events a second; prints each step's time, the rows kept and
# the writer's latencies before, during and around the swap.
# Usage: db/bench/history-migration-under-load.sh [psql connection options]   (default: -h 127.0.0.1 -U postgres)
# Creates and leaves the database mig3m.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECT=${*:--h 127.0.0.1 -U postgres}
P="psql $CONNECT -v ON_ERROR_STOP=1 -q"
WORK=$(mktemp -d)

$P -c "DROP DATABASE IF EXISTS mig3m" -c "CREATE DATABASE mig3m"
for migration in db/migrations/V[1-6]__*.sql; do
  $P -d mig3m -f "$migration" >/dev/null
done
# The bench's scale data: its experiments and its events (not its id copy: V6 has no such table).
awk 'BEGIN { RS = ";\n" } NR <= 2 { print $0 ";" }' recorder/cli/src/main/resources/oriole/recorder/bench/diagnosis-scale-data.sql \
  > "$WORK/scale.sql"
( echo "SET bench.experiments = '1000000';"; cat "$WORK/scale.sql" ) | $P -d mig3m
$P -d mig3m -c "VACUUM ANALYZE experiments" -c "VACUUM ANALYZE execution_events" -c "CREATE SEQUENCE probe_seq"
$P -d mig3m -tc "SELECT count(*) || ' events, ' || pg_size_pretty(pg_total_relation_size('execution_events'))
                 FROM execution_events"

echo "INSERT INTO execution_events (event_id, execution_arn, status, event)
      VALUES ('probe-' || nextval('probe_seq'), 'arn:probe', 'RUNNING', '{}');" > "$WORK/probe.sql"
( cd "$WORK" && exec pgbench $CONNECT -n -f probe.sql -c 1 -R 200 -T 600 -l mig3m > pgbench.out 2>&1 ) &
WRITER=$!
sleep 10
START=$(date +%s.%N)
( echo '\timing on'; cat db/migrations/V7__history_by_month.sql ) | $P -d mig3m 2>&1 | grep -E "^Time|ERROR"
END=$(date +%s.%N)
sleep 10
kill $WRITER 2>/dev/null || true
wait $WRITER 2>/dev/null || true

echo "migration: $(echo "$END - $START" | bc) s"
$P -d mig3m -tc "SELECT 'non-probe events without their id kept: ' || count(*) FROM execution_events e
                 LEFT JOIN execution_event_ids i USING (event_id) WHERE i.event_id IS NULL AND e.event_id NOT LIKE 'probe-%'"
$P -d mig3m -tc "SELECT 'events: ' || count(*) FROM execution_events WHERE event_id NOT LIKE 'probe-%'"
awk -v start="$START" -v end="$END" '{ t = $5 + $6 / 1e6; ms = $3 / 1000.0
    if (t < start) { phase = "before the migration" } else if (t <= end) { phase = "during the migration" } else { phase = "after" }
    n[phase]++; if (ms > max[phase]) max[phase] = ms }
  END { for (p in n) printf "writer %s: %d inserts, slowest %.1f ms\n", p, n[p], max[p] }' "$WORK"/pgbench_log.*
rm -rf "$WORK"

package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.lambda.RecorderHandler;
import oriole.recorder.testing.ExecutionEvents;
import oriole.recorder.testing.OrioleWorkflow;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * The research summary (experiment_counts, repeated_messages; V10) against a full scan: after random mixes of every
 * kind of writer, concurrently (the recorder's handler, the workflow's own statements, psql-style single and
 * multi-row UPDATEs and DELETEs, the explainer's columns, an INSERT ... SELECT bulk load and COPY), every figure of
 * every aggregate diagnose query, for windows from 47 minutes to all time with edges on UTC midnights and hours, equals the plain
 * aggregate over experiments ({@code diagnose-by-full-scan.sql}), and {@code oriole_count_differences()} is empty;
 * so after compacting the slots and after a rebuild.
 */
class SummaryExactnessTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static final List<String> AGGREGATES = List.of("failure_rate", "failures_by_error", "failures_by_kind",
            "failures_by_state", "failure_details", "success_rates", "duplicate_sqs_processing", "failures_over_time",
            "durations");
    static final List<String> WINDOWS = List.of("47 minutes", "1 hour", "2 hours 30 minutes", "36 hours", "3 days",
            "9 days 7 hours", "4000 years");
    static final String[] MODELS = {"claude-3-5-sonnet", "claude-3-haiku", "gpt-4o", null};
    static final List<String> COMPARED = List.of("model=claude-3-5-sonnet,model=(unknown)",
            "model=gpt-4o+temperature=0.75,temperature=0.25", "model=edge,model=claude-3-haiku");
    static final String[] ERRORS = {"States.Timeout", "Lambda.Unknown", "Runtime.ExitError", "ConnectionError"};
    static final int WRITERS = 4;
    static final int OPERATIONS = 120;

    @Test
    void everyFigureEqualsTheFullScanAfterConcurrentMixedWriters() throws Exception {
        long now = Instant.now().toEpochMilli();
        AtomicInteger recorderFailures = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                mixedWrites(new Random(1000 + writer), writer, now, recorderFailures, retried);
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(4, TimeUnit.MINUTES)).as("writers finish").isTrue();
        for (Future<?> writer : writers) {
            writer.get();
        }
        assertThat(recorderFailures).as("messages the recorder failed").hasValue(0);

        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments")).as("rows written").isGreaterThan(300);
            assertThat(Rows.count(c, "SELECT count(DISTINCT execution_status) FROM experiments")).isGreaterThanOrEqualTo(3);
            String at = Instant.ofEpochMilli(now).plus(2, ChronoUnit.MINUTES).toString();
            assertSameAsFullScan(c, at);
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).as("summary keys against a scan").isEmpty();

            assertMediansWithinTheirBucket(c, at);
            Rows.execute(c, "SELECT oriole_compact_counts()");
            assertSameAsFullScan(c, at);
            Rows.execute(c, "SELECT oriole_rebuild_counts()");
            assertSameAsFullScan(c, at);
            assertThat(Rows.count(c, "SELECT count(DISTINCT slot) FROM experiment_counts")).as("rebuilt in one slot")
                    .isEqualTo(1);
        }
    }

    @Test
    void aTruncateEmptiesTheSummaryAndTheEdgesOfAWindowOnMidnightOrOnTheHourAreCountedOnce() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found) VALUES ('edge', 0.5, '2026-03-01T00:00:00Z', '2026-03-01T00:10:00Z', 'SUCCEEDED', true),"
                    + " ('edge', 0.5, '2026-02-28T23:59:59.999999Z', '2026-03-01T00:00:00Z', 'SUCCEEDED', false),"
                    + " ('edge', 0.5, '2026-03-02T00:00:00Z', '2026-03-02T00:00:00.000001Z', 'FAILED', false)");
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found) VALUES ('edge', 0.5, '2026-03-01T06:00:00Z', '2026-03-01T07:00:00Z', 'SUCCEEDED', true),"
                    + " ('edge', 0.5, '2026-03-01T05:59:59.999999Z', '2026-03-01T06:00:00Z', 'SUCCEEDED', false),"
                    + " ('edge', 0.25, '2026-03-01T06:59:59Z', '2026-03-01T07:00:00.000001Z', 'TIMED_OUT', false)");
            for (String at : List.of("2026-03-02T00:00:00Z", "2026-03-02T00:00:00.000001Z", "2026-03-01T23:59:59Z",
                    "2026-03-01T07:00:00Z", "2026-03-01T07:00:00.000001Z", "2026-03-01T06:59:59.999999Z",
                    "2026-03-01T08:30:00Z")) {
                assertSameAsFullScan(c, at);
            }
            // Days and hours are UTC's whatever the session's zone, the writer's and the reader's (+05:45: no whole hour).
            Rows.execute(c, "SET TIME ZONE 'Asia/Kathmandu'");
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found) VALUES ('edge', 0.5, '2026-03-01T05:50:00+05:45', '2026-03-01T06:10:00+05:45', 'FAILED', false)");
            assertSameAsFullScan(c, "2026-03-01T08:30:00Z");
            assertSameAsFullScan(c, "2026-03-01T01:00:00Z");
            Rows.execute(c, "RESET TIME ZONE");
            Rows.execute(c, "TRUNCATE experiments");
            assertThat(Rows.count(c, "SELECT count(*) FROM experiment_counts")).isZero();
        }
    }

    static void assertSameAsFullScan(Connection c, String at) throws SQLException, IOException {
        Map<String, DiagnosticQueries.Query> oracle = byName(DiagnosticQueries.parse(resource("diagnose-by-full-scan.sql")));
        Map<String, DiagnosticQueries.Query> summary = byName(DiagnosticQueries.all());
        for (String window : WINDOWS) {
            Map<String, String> parameters = Map.of("at", at, "since", window, "stuck_after", "1 hour",
                    "log_group", "/aws/lambda/oriole-agent", "limit", "50");
            for (String name : AGGREGATES) {
                assertThat(run(c, summary.get(name), parameters))
                        .as("%s over %s up to %s", name, window, at)
                        .isEqualTo(run(c, oracle.get(name), parameters));
            }
            assertCompareCountsEveryRun(c, at, window);
        }
    }

    /** diagnose --compare (and the web view's) reads the summary too: each side's counts as a plain count gives them. */
    private static void assertCompareCountsEveryRun(Connection c, String at, String window) throws SQLException {
        for (String pair : COMPARED) {
            List<Cohort> cohorts = Cohort.pair(pair);
            CohortComparison compared = CohortComparison.read(c, cohorts.get(0), cohorts.get(1), at, window);
            for (CohortComparison.Side side : List.of(compared.firstSide(), compared.secondSide())) {
                Cohort cohort = side == compared.firstSide() ? cohorts.get(0) : cohorts.get(1);
                Map<String, Object> scanned = Rows.query(c, "SELECT count(*) AS runs,"
                        + " count(*) FILTER (WHERE execution_status = 'SUCCEEDED') AS succeeded,"
                        + " count(*) FILTER (WHERE goal_found) AS goal FROM experiments"
                        + " WHERE started_at >= ?::timestamptz - ?::interval AND started_at <= ?::timestamptz"
                        + " AND (model_name IS NOT DISTINCT FROM ? OR ?) AND (temperature = ?::numeric OR ?)"
                        + " AND (NOT ? OR model_name IS NULL)",
                        at, window, at, cohort.model(), cohort.model() == null && !cohort.withoutModel(),
                        cohort.temperature(), cohort.temperature() == null, cohort.withoutModel()).get(0);
                assertThat(List.of(side.runs(), side.succeeded(), side.goalFound()))
                        .as("compare %s, %s over %s up to %s", pair, cohort.label(), window, at)
                        .isEqualTo(List.of(((Number) scanned.get("runs")).longValue(),
                                ((Number) scanned.get("succeeded")).longValue(), ((Number) scanned.get("goal")).longValue()));
            }
        }
    }

    /** Medians and p90s count each duration as its 5 % bucket's middle: within 2.5 % of percentile_cont's. */
    private static void assertMediansWithinTheirBucket(Connection c, String at) throws SQLException {
        Map<String, String> parameters = Map.of("at", at, "since", "4000 years", "limit", "50");
        List<Map<String, Object>> cohorts = run(c, byName(DiagnosticQueries.all()).get("success_rates"), parameters);
        assertThat(cohorts).isNotEmpty();
        for (Map<String, Object> cohort : cohorts) {
            if (cohort.get("median_seconds") == null) {
                continue;
            }
            List<Map<String, Object>> exact = Rows.query(c, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY"
                    + " extract(epoch FROM completed_at - started_at))::float8 AS median, percentile_cont(0.9) WITHIN GROUP"
                    + " (ORDER BY extract(epoch FROM completed_at - started_at))::float8 AS p90 FROM experiments"
                    + " WHERE coalesce(model_name, '(unknown)') = ? AND temperature IS NOT DISTINCT FROM ?::numeric AND completed_at IS NOT NULL"
                    + " AND started_at <= ?::timestamptz", cohort.get("model_name"), cohort.get("temperature"), at);
            double median = ((Number) exact.get(0).get("median")).doubleValue();
            double p90 = ((Number) exact.get(0).get("p90")).doubleValue();
            assertThat(Double.parseDouble((String) cohort.get("median_seconds"))).as("median of %s", cohort)
                    .isCloseTo(median, org.assertj.core.data.Offset.offset(median * 0.025 + 0.05));
            assertThat(Double.parseDouble((String) cohort.get("p90_seconds"))).as("p90 of %s", cohort)
                    .isCloseTo(p90, org.assertj.core.data.Offset.offset(p90 * 0.025 + 0.05));
        }
    }

    private static void mixedWrites(Random random, int writer, long now, AtomicInteger recorderFailures,
            AtomicInteger retried) throws Exception {
        RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, db.url()));
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            List<Long> ids = new ArrayList<>();
            for (int op = 0; op < OPERATIONS; op++) {
                String tag = "mix-" + writer + "-" + op;
                long start = now - (long) (random.nextDouble() * 10 * 86_400_000L);
                try {
                    switch (random.nextInt(10)) {
                        case 0, 1 -> {
                            // the recorder alone, a whole life (some executions share a message: processed twice)
                            ExecutionEvents execution = new ExecutionEvents(tag, random.nextInt(5) == 0 ? "shared-" + writer
                                    : tag + "-msg", start);
                            List<QueuedMessage> batch = new ArrayList<>(List.of(execution.running()));
                            int fate = random.nextInt(3);
                            if (fate == 1) {
                                batch.add(execution.succeeded("{\"goalFound\": true}"));
                            } else if (fate == 2) {
                                batch.add(execution.failed(ERRORS[random.nextInt(ERRORS.length)], "Task timed out"));
                            }
                            recorderFailures.addAndGet(handler.handleRequest(SavedEventFiles.sqsEvent(batch), null)
                                    .getBatchItemFailures().size());
                        }
                        case 2, 3 -> {
                            // the workflow's own statements, with the recorder's events before or after them
                            ExecutionEvents execution = new ExecutionEvents(tag, tag + "-msg", now - 60_000);
                            if (random.nextBoolean()) {
                                handler.handleRequest(SavedEventFiles.sqsEvent(List.of(execution.running())), null);
                            }
                            long id = OrioleWorkflow.startExperiment(c, MODELS[random.nextInt(3)],
                                    BigDecimal.valueOf(random.nextInt(5) * 25, 2), execution.arn(), execution.name(),
                                    execution.messageId());
                            ids.add(id);
                            if (random.nextBoolean()) {
                                OrioleWorkflow.finalizeExperiment(c, random.nextBoolean(), id);
                            } else {
                                OrioleWorkflow.finalizeOnError(c, ERRORS[random.nextInt(ERRORS.length)], "boom", id);
                            }
                            if (random.nextBoolean()) {
                                handler.handleRequest(SavedEventFiles.sqsEvent(List.of(random.nextBoolean()
                                        ? execution.succeeded("{}") : execution.failed("States.Timeout", "late"))), null);
                            }
                        }
                        case 4 -> OrioleWorkflow.startExperimentWithMessageOnly(c, MODELS[random.nextInt(4)],
                                BigDecimal.valueOf(random.nextInt(5), 1), "shared-" + writer);
                        case 5 -> Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at,"
                                + " execution_status, goal_found, last_error, sqs_message_id) SELECT (ARRAY['bulk-a', 'bulk-b'])[1 + g % 2],"
                                + " (g % 3) * 0.5, to_timestamp(" + start / 1000 + " + g * 977), to_timestamp(" + start / 1000
                                + " + g * 977 + 30 + g * 61), (ARRAY['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'])[1 + g % 5],"
                                + " g % 2 = 0, CASE WHEN g % 5 IN (1, 2) THEN jsonb_build_object('error', 'E' || g % 3, 'kind',"
                                + " (ARRAY['TIMEOUT', 'NETWORK', 'CRASH'])[1 + g % 3]) END, 'bulk-" + writer + "-' || g % 4"
                                + " FROM generate_series(1, 40) g");
                        case 6 -> copyRows(c, tag, start);
                        case 7 -> Rows.execute(c, "UPDATE experiments SET goal_found = NOT coalesce(goal_found, false),"
                                + " completed_at = coalesce(completed_at, started_at + interval '17 minutes')"
                                + " WHERE id IN (SELECT id FROM experiments WHERE id % 11 = " + random.nextInt(11)
                                + " ORDER BY id FOR UPDATE)");
                        case 8 -> Rows.execute(c, "UPDATE experiments SET failed_state = 'RunAgent', failed_kind = 'TIMEOUT',"
                                + " failed_function = 'oriole-agent', explain_note = 'EXPLAINED' WHERE id IN (SELECT id FROM"
                                + " experiments WHERE execution_status IN ('FAILED', 'TIMED_OUT') AND failed_state IS NULL"
                                + " ORDER BY id LIMIT 3 FOR UPDATE)");
                        default -> Rows.execute(c, "DELETE FROM experiments WHERE id IN (SELECT id FROM experiments"
                                + " WHERE id % 17 = " + random.nextInt(17) + " ORDER BY id LIMIT 4 FOR UPDATE)");
                    }
                } catch (SQLException e) {
                    // Two psql-style statements locking rows in another order may deadlock: PostgreSQL aborts one,
                    // which rolls back with its counts; the operation simply did not happen.
                    if (!"40P01".equals(e.getSQLState()) && !"40001".equals(e.getSQLState())) {
                        throw e;
                    }
                    retried.incrementAndGet();
                }
            }
        }
    }

    private static void copyRows(Connection c, String tag, long start) throws SQLException, IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            Instant started = Instant.ofEpochMilli(start + i * 3_600_000L);
            rows.append("copied,0.7,").append(started).append(',').append(started.plusSeconds(90L + i * 700)).append(',')
                    .append(i % 2 == 0 ? "SUCCEEDED" : "TIMED_OUT").append(',').append(i % 3 == 0).append(',').append(tag)
                    .append('-').append(i).append('\n');
        }
        ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn("COPY experiments (model_name, temperature,"
                + " started_at, completed_at, execution_status, goal_found, execution_name) FROM STDIN WITH (FORMAT csv)",
                new StringReader(rows.toString()));
    }

    private static final Pattern PARAMETER = Pattern.compile("#\\{([a-z_]+)}");

    static List<Map<String, Object>> run(Connection c, DiagnosticQueries.Query query, Map<String, String> values)
            throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(query.sql());
        while (m.find()) {
            names.add(m.group(1));
        }
        try (PreparedStatement statement = c.prepareStatement(PARAMETER.matcher(query.sql()).replaceAll("?"))) {
            for (int i = 0; i < names.size(); i++) {
                statement.setString(i + 1, values.get(names.get(i)));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        String label = rs.getMetaData().getColumnLabel(col);
                        // A cohort groups temperatures by numeric equality (0.5 = 0.50); which spelling a group
                        // shows is PostgreSQL's pick, in a scan as in the summary: compared as numbers.
                        row.put(label, label.equals("temperature") && rs.getBigDecimal(col) != null
                                ? rs.getBigDecimal(col).stripTrailingZeros().toPlainString() : rs.getString(col));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    static Map<String, DiagnosticQueries.Query> byName(List<DiagnosticQueries.Query> queries) {
        Map<String, DiagnosticQueries.Query> byName = new LinkedHashMap<>();
        queries.forEach(q -> byName.put(q.name(), q));
        return byName;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SummaryExactnessTest.class.getResourceAsStream("/oriole/recorder/summary/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

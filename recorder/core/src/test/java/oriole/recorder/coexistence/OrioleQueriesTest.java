package oriole.recorder.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.store.DiagnosticReader;
import oriole.recorder.testing.ExecutionEvents;
import oriole.recorder.testing.OrioleWorkflow;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * An oriole database that ran its migration 015 by hand, with rows from before tracking, migrated, then written by
 * the workflow and the recorder together: oriole's own queries (db/queries/oriole-own-queries.sql, unchanged) and
 * diagnose answer right on the mixed table.
 */
class OrioleQueriesTest {

    static final long NOW = System.currentTimeMillis();
    static final long MINUTE = 60_000;
    static final String CAUGHT_OUTPUT = "{\"errorInfo\": {\"Error\": \"States.Timeout\", \"Cause\": \"Task timed out\"}}";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.empty();

    static Map<String, List<Map<String, Object>>> orioleAnswers;
    static long finishedLongAgo;
    static long neverFinished;
    static long stuck;

    @BeforeAll
    static void anOrioleDatabaseThatRan015ByHandThenTheRecorderBesideTheWorkflow() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
            Rows.execute(c, "CREATE TABLE experiments (id bigserial PRIMARY KEY, model_name text, temperature numeric,"
                    + " started_at timestamptz, completed_at timestamptz, goal_found boolean, failure_reason text)");
            finishedLongAgo = (Long) Rows.query(c, "INSERT INTO experiments (model_name, temperature, started_at,"
                    + " completed_at, goal_found) VALUES ('gpt-4', 0.0, '2024-03-01T10:00:00Z', '2024-03-01T10:20:00Z',"
                    + " true) RETURNING id").get(0).get("id");
            neverFinished = (Long) Rows.query(c, "INSERT INTO experiments (model_name, temperature, started_at)"
                    + " VALUES ('gpt-4', 1.0, '2024-03-02T10:00:00Z') RETURNING id").get(0).get("id");
            Rows.execute(c, new String(OrioleQueriesTest.class.getResourceAsStream(
                    "/oriole/015_add_execution_tracking_columns.sql").readAllBytes()));
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_status = 'RUNNING'"))
                    .as("015's default marked the old rows running").isEqualTo(2);
        }
        Migrator.migrate(db.url());

        try (Connection workflow = db.connect(); BatchRecorder recorder = BatchRecorder.connectingTo(db.url(),
                ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON)) {
            ExecutionEvents succeeded = execution("ok", 40);
            long id = start(workflow, succeeded);
            record(recorder, succeeded.running());
            OrioleWorkflow.finalizeExperiment(workflow, true, id);
            record(recorder, succeeded.succeeded("{\"goalFound\": true}"));

            ExecutionEvents caught = execution("caught", 35);
            record(recorder, caught.running());
            id = start(workflow, caught);
            OrioleWorkflow.finalizeOnError(workflow, "States.Timeout", "Task timed out", id);
            record(recorder, caught.succeeded(CAUGHT_OUTPUT));

            ExecutionEvents crashed = execution("crashed", 30);
            start(workflow, crashed);
            record(recorder, crashed.failed("Runtime.ExitError", "RequestId: 9 Error: Runtime exited with error: signal: segmentation fault"));
            record(recorder, crashed.running());

            ExecutionEvents running = execution("stuck", 180);
            stuck = start(workflow, running);
            record(recorder, running.running());

            for (String name : List.of("dup-a", "dup-b")) {
                ExecutionEvents duplicate = new ExecutionEvents(name, "dup-msg", NOW - 20 * MINUTE);
                record(recorder, duplicate.running());
                start(workflow, duplicate);
                record(recorder, duplicate.succeeded("{\"goalFound\": false}"));
            }
        }
        orioleAnswers = new LinkedHashMap<>();
        String queries = Files.readString(OrioleWorkflow.folder().resolveSibling("queries").resolve("oriole-own-queries.sql"));
        try (Connection c = db.connect()) {
            for (String block : queries.split("-- name: ")) {
                if (!block.startsWith("--")) {
                    String name = block.substring(0, block.indexOf('\n')).strip();
                    orioleAnswers.put(name, Rows.query(c, block.substring(block.indexOf('\n'))));
                }
            }
        }
    }

    @Test
    void migratingKeepsEveryOldRowAndNoLongerCallsThemRunning() throws SQLException {
        try (Connection c = db.connect()) {
            List<Map<String, Object>> old = Rows.query(c, "SELECT id, execution_status, model_name, completed_at IS NOT NULL"
                    + " AS finished FROM experiments WHERE id IN (?, ?) ORDER BY id", finishedLongAgo, neverFinished);
            assertThat(old).as("both rows from before tracking are still there").hasSize(2)
                    .allSatisfy(row -> assertThat(row).containsEntry("execution_status", null).containsEntry("model_name", "gpt-4"));
            assertThat(Rows.count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'experiments'"
                    + " AND column_name = 'execution_status' AND column_default IS NOT NULL"))
                    .as("015's DEFAULT 'RUNNING' is gone").isZero();
            assertThat(Rows.query(c, "SELECT indexname FROM pg_indexes WHERE tablename = 'experiments'"
                    + " AND indexdef LIKE '%UNIQUE%(execution_arn)'")).extracting(row -> row.get("indexname"))
                    .as("one unique index on the ARN: oriole's own, not a second copy under the recorder's name")
                    .containsExactly("idx_experiments_execution_arn");
        }
    }

    @Test
    void oriolesStuckQueriesListOnlyWhatNeverFinished() {
        assertThat(ids("stuck_experiments")).as("never completed").containsExactlyInAnyOrder(stuck, neverFinished);
        assertThat(orioleAnswers.get("stuck_count").get(0).get("count")).as("RUNNING for over an hour").isEqualTo(1L);
    }

    @Test
    void oriolesFailureQueriesCountTheCaughtTimeoutAsATimeout() {
        List<Map<String, Object>> failures = orioleAnswers.get("recent_failures");
        assertThat(failures).extracting(row -> row.get("execution_status") + " " + row.get("error_type"))
                .containsExactlyInAnyOrder("TIMED_OUT States.Timeout", "FAILED Runtime.ExitError");
        assertThat(orioleAnswers.get("failure_rate").get(0)).containsEntry("succeeded", 3L).containsEntry("failed", 2L)
                .containsEntry("failure_rate_pct", new BigDecimal("40.0"));
    }

    @Test
    void oriolesRatesAndDuplicatesSeeOneRowPerExecution() {
        assertThat(orioleAnswers.get("success_rates")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("succeeded", 3L).containsEntry("goal_found", 1L).containsEntry("total", 5L));
        assertThat(orioleAnswers.get("duplicate_sqs_processing")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("sqs_message_id", "dup-msg").containsEntry("executions", 2L));
    }

    @Test
    void diagnoseCountsTheOldRowsOnceAndNeverAsRunning() throws SQLException {
        try (Connection c = db.connect()) {
            DiagnosticReader.Results results = DiagnosticReader.runAll(c,
                    new DiagnosticReader.Parameters("now", "24 hours", "1 hour", "/aws/lambda/oriole-agent", 20));
            assertThat(results.first("rows_before_tracking")).containsEntry("rows", 2L).containsEntry("unfinished", 1L);
            assertThat(results.first("long_running_executions").get("total"))
                    .as("executions Step Functions reports running: the stuck one only").isEqualTo(1L);
            assertThat(results.byQuery().entrySet().stream().filter(e -> e.getKey().name().equals("stuck_experiments"))
                    .findFirst().orElseThrow().getValue()).extracting(row -> row.get("id"))
                    .as("stuck: unfinished and old, the finished old row not among them")
                    .containsExactlyInAnyOrder(stuck, neverFinished);
        }
    }

    private static List<Object> ids(String query) {
        return orioleAnswers.get(query).stream().map(row -> row.get("id")).toList();
    }

    private static ExecutionEvents execution(String name, int minutesAgo) {
        return new ExecutionEvents(name, name + "-msg", NOW - minutesAgo * MINUTE);
    }

    private static long start(Connection workflow, ExecutionEvents execution) throws SQLException {
        return OrioleWorkflow.startExperiment(workflow, "claude-3-5-sonnet", new BigDecimal("0.7"), execution.arn(),
                execution.name(), execution.name().startsWith("dup-") ? "dup-msg" : execution.name() + "-msg");
    }

    private static void record(BatchRecorder recorder, oriole.recorder.contract.QueuedMessage event) {
        assertThat(recorder.record(List.of(event)).failed()).isEmpty();
    }
}

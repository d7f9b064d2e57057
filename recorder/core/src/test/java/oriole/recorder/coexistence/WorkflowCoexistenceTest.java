package oriole.recorder.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.testing.ExecutionEvents;
import oriole.recorder.testing.OrioleWorkflow;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * The recorder beside oriole's own workflow: its StartExperiment INSERT, FinalizeExperiment and FinalizeOnError
 * UPDATEs (db/oriole-workflow, verbatim) and the recorder's events, in every order the two writers can interleave
 * (the workflow's own statements stay in their order: the INSERT first). Every order ends in one row, with the id
 * the INSERT returned, the workflow's columns and the same tracking columns.
 */
class WorkflowCoexistenceTest {

    static final BigDecimal TEMPERATURE = new BigDecimal("0.7");
    static final String MODEL = "claude-3-5-sonnet";
    static final String TIMEOUT_CAUSE = "{\"errorMessage\":\"2026-01-01T10:15:00.000Z 6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88"
            + " Task timed out after 900.00 seconds\"}";
    static final String CAUGHT_TIMEOUT_OUTPUT = "{\"experimentId\": 1, \"errorInfo\": {\"Error\": \"States.Timeout\","
            + " \"Cause\": " + SavedEventFiles.JSON.valueToTree(TIMEOUT_CAUSE) + "}}";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static BatchRecorder recorder;
    static Connection workflow;
    static final AtomicInteger executions = new AtomicInteger();
    static final long STARTED = System.currentTimeMillis() - 60_000;

    @BeforeAll
    static void connect() throws SQLException {
        recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON);
        workflow = db.connect();
    }

    @AfterAll
    static void close() throws SQLException {
        recorder.close();
        workflow.close();
    }

    /** One of the two writers' actions on one execution; {@code id} holds what the INSERT returned. */
    interface Action {
        void run(ExecutionEvents execution, long[] id) throws SQLException;
    }

    record Step(String name, boolean workflows, Action action) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Step insertWithArn() {
        return new Step("StartExperiment", true, (e, id) -> id[0] = OrioleWorkflow.startExperiment(workflow, MODEL,
                TEMPERATURE, e.arn(), e.name(), e.name() + "-msg"));
    }

    static Step insertWithMessageOnly() {
        return new Step("StartExperiment(message only)", true,
                (e, id) -> id[0] = OrioleWorkflow.startExperimentWithMessageOnly(workflow, MODEL, TEMPERATURE, e.name() + "-msg"));
    }

    static Step finalizeExperiment(boolean goal) {
        return new Step("FinalizeExperiment", true,
                (e, id) -> assertThat(OrioleWorkflow.finalizeExperiment(workflow, goal, id[0])).isEqualTo(1));
    }

    static Step finalizeOnError(String error, String cause) {
        return new Step("FinalizeOnError", true,
                (e, id) -> assertThat(OrioleWorkflow.finalizeOnError(workflow, error, cause, id[0])).isEqualTo(1));
    }

    static Step event(String name, java.util.function.Function<ExecutionEvents, QueuedMessage> event) {
        return new Step(name, false, (e, id) -> assertThat(recorder.record(List.of(event.apply(e))).failed())
                .as("the recorder takes " + name).isEmpty());
    }

    static Step running() {
        return event("RUNNING", ExecutionEvents::running);
    }

    static Step succeeded(String output) {
        return event("SUCCEEDED", e -> e.succeeded(output));
    }

    static Step failed(String error, String cause) {
        return event("FAILED", e -> e.failed(error, cause));
    }

    @Test
    void theRecordersRowFirstThenStartExperimentsInsertSucceedsAndReturnsTheOneRow() throws SQLException {
        ExecutionEvents execution = newExecution();
        assertThat(recorder.record(List.of(execution.running())).failed()).isEmpty();

        long id = OrioleWorkflow.startExperiment(workflow, MODEL, TEMPERATURE, execution.arn(), execution.name(),
                execution.name() + "-msg");

        Map<String, Object> row = onlyRow(execution);
        assertThat(row.get("id")).as("the row holds the id the INSERT returned").isEqualTo(id);
        assertThat(row).containsEntry("execution_status", "RUNNING").containsEntry("status_rank", 10)
                .containsEntry("model_name", MODEL).containsEntry("recorder_created", null);
        assertThat(row.get("started_at").toString()).as("the execution's startDate, not the INSERT's NOW()")
                .isEqualTo(java.sql.Timestamp.from(java.time.Instant.ofEpochMilli(execution.startMillis())).toString());
    }

    @Test
    void theRecordersRowFirstThenAnInsertWithTheMessageIdOnlyBecomesOneRow() throws SQLException {
        ExecutionEvents execution = newExecution();
        assertThat(recorder.record(List.of(execution.running())).failed()).isEmpty();

        long id = OrioleWorkflow.startExperimentWithMessageOnly(workflow, MODEL, TEMPERATURE, execution.name() + "-msg");

        assertThat(Rows.count(workflow, "SELECT count(*) FROM experiments WHERE sqs_message_id = ?", execution.name() + "-msg"))
                .as("one row for the message").isEqualTo(1);
        assertThat(onlyRow(execution).get("id")).isEqualTo(id);
    }

    @Test
    void aSuccessEndsTheSameInEveryOrder() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithArn(), finalizeExperiment(true), running(),
                succeeded("{\"goalFound\": true}"));
        assertThat(row).containsEntry("execution_status", "SUCCEEDED").containsEntry("goal_found", true)
                .containsEntry("last_error", null).containsEntry("failure_reason", null);
    }

    @Test
    void aCaughtTimeoutWhoseExecutionSucceededIsATimeoutInEveryOrder() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithArn(), finalizeOnError("States.Timeout", TIMEOUT_CAUSE),
                running(), succeeded(CAUGHT_TIMEOUT_OUTPUT));
        assertThat(row).containsEntry("execution_status", "TIMED_OUT").containsEntry("failure_reason", TIMEOUT_CAUSE);
        assertThat(row.get("last_error").toString()).contains("\"caught\": true", "\"kind\": \"TIMEOUT\"",
                "\"error\": \"States.Timeout\"", "\"source\": \"workflow\"");
    }

    @Test
    void aCaughtFailureTheOutputDoesNotCarryIsStillAFailureInEveryOrder() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithArn(),
                finalizeOnError("Runtime.ExitError", "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"exit status 1\"}"),
                running(), succeeded("{\"experimentId\": 1}"));
        assertThat(row).containsEntry("execution_status", "FAILED");
        assertThat(row.get("last_error").toString()).contains("\"caught\": true", "\"kind\": \"CRASH\"");
    }

    @Test
    void aCaughtFailureEndingInAFailStateIsStepFunctionsFailureWithTheWorkflowsErrorInEveryOrder() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithArn(), finalizeOnError("States.Timeout", TIMEOUT_CAUSE),
                running(), failed("States.Timeout", TIMEOUT_CAUSE));
        assertThat(row).containsEntry("execution_status", "FAILED").containsEntry("failure_reason", TIMEOUT_CAUSE);
        assertThat(row.get("last_error").toString()).contains("\"source\": \"workflow\"", "\"kind\": \"TIMEOUT\"")
                .doesNotContain("caught");
    }

    @Test
    void aFinalizedExperimentWhoseExecutionThenTimedOutStaysFailedWithTheGoalItFound() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithArn(), finalizeExperiment(true), running(),
                failed("States.Timeout", "Execution timed out"));
        assertThat(row).containsEntry("execution_status", "FAILED").containsEntry("goal_found", true);
        assertThat(row.get("last_error").toString()).contains("\"kind\": \"TIMEOUT\"").doesNotContain("workflow");
    }

    @Test
    void anUncaughtCrashEndsTheSameInEveryOrder() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithArn(), running(),
                failed("Runtime.ExitError", "RequestId: 1 Error: Runtime exited with error: exit status 1"));
        assertThat(row).containsEntry("execution_status", "FAILED").containsEntry("model_name", MODEL);
        assertThat(row.get("last_error").toString()).contains("\"kind\": \"CRASH\"");
    }

    @Test
    void aDeploymentWritingOnlyTheMessageIdEndsTheSameInEveryOrder() throws SQLException {
        Map<String, Object> row = sameInEveryOrder(insertWithMessageOnly(), finalizeOnError("States.Timeout", TIMEOUT_CAUSE),
                running(), succeeded(CAUGHT_TIMEOUT_OUTPUT));
        assertThat(row).containsEntry("execution_status", "TIMED_OUT").containsEntry("pre_created", true);
        assertThat(row.get("last_error").toString()).contains("\"caught\": true");
    }

    @Test
    void aColumnOnlyTheWorkflowKnowsSurvivesTheRecordersRowFirst() throws SQLException {
        Rows.execute(workflow, "ALTER TABLE experiments ADD COLUMN IF NOT EXISTS maze_seed integer");
        ExecutionEvents execution = newExecution();
        assertThat(recorder.record(List.of(execution.running(), execution.succeeded("{\"goalFound\": false}"))).failed())
                .isEmpty();

        long id = (Long) Rows.query(workflow, "INSERT INTO experiments (model_name, temperature, started_at, maze_seed,"
                + " execution_arn, execution_name, execution_status, sqs_message_id)"
                + " VALUES ('gpt-4o', 1.0, NOW(), 7, ?, ?, 'RUNNING', ?) RETURNING id",
                execution.arn(), execution.name(), execution.name() + "-msg").get(0).get("id");

        Map<String, Object> row = Rows.query(workflow, "SELECT id, maze_seed, model_name, execution_status, goal_found"
                + " FROM experiments WHERE execution_arn = ?", execution.arn()).get(0);
        assertThat(row).containsEntry("id", id).containsEntry("maze_seed", 7).containsEntry("model_name", "gpt-4o")
                .containsEntry("execution_status", "SUCCEEDED").containsEntry("goal_found", false);
    }

    @Test
    void theWorkflowsOwnRoleNeedsNoPrivilegeBeyondItsStatements() throws SQLException {
        String role = "oriole_workflow_" + Long.toHexString(System.nanoTime());
        Rows.execute(workflow, "CREATE ROLE " + role + " LOGIN; GRANT USAGE ON SCHEMA public TO " + role
                + "; GRANT SELECT, INSERT, UPDATE ON experiments TO " + role
                + "; GRANT USAGE ON SEQUENCE experiments_id_seq TO " + role);
        try {
            ExecutionEvents execution = newExecution();
            assertThat(recorder.record(List.of(execution.running())).failed()).isEmpty();
            long id;
            try (Connection asWorkflow = java.sql.DriverManager.getConnection(
                    oriole.recorder.devkit.JdbcUrls.withParameter(db.url(), "user", role))) {
                id = OrioleWorkflow.startExperiment(asWorkflow, MODEL, TEMPERATURE, execution.arn(), execution.name(),
                        execution.name() + "-msg");
                OrioleWorkflow.finalizeOnError(asWorkflow, "States.Timeout", TIMEOUT_CAUSE, id);
            }
            assertThat(onlyRow(execution)).containsEntry("id", id).containsEntry("execution_status", "TIMED_OUT");
        } finally {
            Rows.execute(workflow, "DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }

    @Test
    void aSecondInsertOfTheSameExecutionByTheWorkflowIsStillRefused() throws SQLException {
        ExecutionEvents execution = newExecution();
        OrioleWorkflow.startExperiment(workflow, MODEL, TEMPERATURE, execution.arn(), execution.name(), "m");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrioleWorkflow.startExperiment(workflow, MODEL,
                TEMPERATURE, execution.arn(), execution.name(), "m"))
                .as("only the recorder's own row is folded; two workflow rows for one execution are the workflow's bug")
                .isInstanceOf(SQLException.class).hasMessageContaining("experiments_execution_arn_key");
    }

    /**
     * Runs the steps on a fresh execution in every interleaving that keeps the workflow's steps in their order and
     * returns the row they all end in (after checking they do).
     */
    private static Map<String, Object> sameInEveryOrder(Step... steps) throws SQLException {
        List<List<Step>> orders = new ArrayList<>();
        interleavings(List.of(steps), new ArrayList<>(), orders);
        Map<String, Object> first = null;
        List<Step> firstOrder = null;
        for (List<Step> order : orders) {
            ExecutionEvents execution = newExecution();
            long[] id = {0};
            for (Step step : order) {
                step.action().run(execution, id);
            }
            Map<String, Object> row = onlyRow(execution);
            assertThat(row.get("id")).as(order + ": the row is the one StartExperiment returned").isEqualTo(id[0]);
            Map<String, Object> comparable = comparable(row, execution);
            if (first == null) {
                first = comparable;
                firstOrder = order;
            } else {
                assertThat(comparable).as(order + " ends as " + firstOrder + " does").isEqualTo(first);
            }
        }
        assertThat(orders).as("interleavings tried").hasSizeGreaterThanOrEqualTo(3);
        return first;
    }

    /** Every order of {@code steps} in which the workflow's own steps keep their relative order. */
    private static void interleavings(List<Step> remaining, List<Step> prefix, List<List<Step>> out) {
        if (remaining.isEmpty()) {
            out.add(List.copyOf(prefix));
            return;
        }
        boolean workflowStepTaken = false;
        for (int i = 0; i < remaining.size(); i++) {
            Step step = remaining.get(i);
            if (step.workflows()) {
                if (workflowStepTaken) {
                    continue; // a later workflow step may not overtake an earlier one
                }
                workflowStepTaken = true;
            }
            List<Step> rest = new ArrayList<>(remaining);
            rest.remove(i);
            prefix.add(step);
            interleavings(rest, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static ExecutionEvents newExecution() {
        int n = executions.incrementAndGet();
        // Real clocks: the execution started a moment ago and stops ten minutes after its start, so the workflow's
        // NOW() falls within its attempt, as it does when the workflow runs it.
        return new ExecutionEvents("coexist-" + n, "coexist-" + n + "-msg", STARTED + n * 1000L);
    }

    private static Map<String, Object> onlyRow(ExecutionEvents execution) throws SQLException {
        List<Map<String, Object>> rows = Rows.query(workflow, "SELECT id, execution_arn, execution_name, execution_status,"
                + " status_rank, started_at, completed_at, last_error, failure_reason, goal_found, model_name, temperature,"
                + " sqs_message_id, pre_created, recorder_created FROM experiments"
                + " WHERE execution_arn = ? OR sqs_message_id = ?", execution.arn(), execution.name() + "-msg");
        assertThat(rows).as("one row for " + execution.name()).hasSize(1);
        return rows.get(0);
    }

    /**
     * The row without what differs by nature between executions and orders: the id and names, times as offsets from
     * the execution's start, the workflow's clock in last_error.
     */
    private static Map<String, Object> comparable(Map<String, Object> row, ExecutionEvents execution) {
        Map<String, Object> values = new java.util.TreeMap<>();
        row.forEach((column, value) -> {
            if (!List.of("id", "execution_arn", "execution_name", "sqs_message_id").contains(column)) {
                values.put(column, value);
            }
        });
        if (row.get("last_error") != null) {
            values.put("last_error", row.get("last_error").toString().replaceAll("\"timestamp\": \"[^\"]*\"", "\"timestamp\": …"));
        }
        values.put("execution_arn", execution.arn().equals(row.get("execution_arn")));
        for (String time : List.of("started_at", "completed_at")) {
            java.sql.Timestamp at = (java.sql.Timestamp) row.get(time);
            values.put(time, at == null ? null : "start + " + (at.getTime() - execution.startMillis()) + " ms");
        }
        return values;
    }
}

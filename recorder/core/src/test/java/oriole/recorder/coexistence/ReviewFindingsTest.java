package oriole.recorder.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.FailureClassifier;
import oriole.recorder.testing.OrioleWorkflow;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * A hostile review of issue 19 (c3576a2..479d196): each test here FAILS against that code and says, in its comment,
 * what is wrong and what the right behaviour would be. Style of WorkflowCoexistenceTest: the workflow's statements
 * verbatim (db/oriole-workflow through OrioleWorkflow), the recorder's BatchRecorder, a real PostgreSQL.
 */
class ReviewFindingsTest {

    static final BigDecimal TEMPERATURE = new BigDecimal("0.7");
    static final String MODEL = "claude-3-5-sonnet";
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-maze-experiment";
    static final String CRASH_CAUSE = "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"exit status 1\"}";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static BatchRecorder recorder;
    static Connection workflow;
    static final AtomicInteger executions = new AtomicInteger();
    static final AtomicLong eventIds = new AtomicLong();

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

    // ------------------------------------------------------------------------------------------------------------
    // Finding 1 (bug): a caught failure during a REDRIVE is erased when FinalizeOnError of the redriven attempt
    // reaches the database before the redrive's RUNNING event (the RUNNING goes EventBridge -> SQS -> recorder,
    // ~1 s; a redriven Lambda that fails fast and FinalizeOnError are quicker).
    //
    // What happens: after attempt 0's FAILED, status_rank = 21. FinalizeOnError of attempt 1 goes through
    // oriole_guard_reported_status, which keeps FAILED but stores the workflow's last_error (source "workflow") and
    // failure_reason. The redrive's RUNNING (redriveCount 1) then arrives: workflowFailureStands compares
    // (started_at, redrive_count) of the row (still attempt 0's) with the event's (attempt 1) and says "another
    // attempt", so the upsert sets last_error and failure_reason to NULL; SUCCEEDED then makes the row SUCCEEDED.
    // In the other order (RUNNING(1) first) the same statements end TIMED_OUT with last_error.caught = true.
    // Order-dependent (invariant 3) and the workflow's record of the failure is erased (the "never erases").
    //
    // Right behaviour: both orders end TIMED_OUT, caught, with the workflow's error and reason. E.g. the guard
    // trigger, when it stores a workflow failure on a row whose reported status is a failure/PENDING_REDRIVE,
    // should mark it as belonging to "the next attempt" (e.g. "attempt": redrive_count + 1 or a NULL attempt
    // marker), and workflowFailureStands should accept an incoming RUNNING whose redrive_count is that attempt.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void aCaughtFailureInARedriveStaysAFailureWhenFinalizeOnErrorBeatsTheRedrivesRunningEvent() throws SQLException {
        Map<String, Object> runningFirst = redriveWithCaughtTimeout(false);
        Map<String, Object> finalizeFirst = redriveWithCaughtTimeout(true);

        assertThat(runningFirst).as("redrive RUNNING, then FinalizeOnError, then SUCCEEDED")
                .containsEntry("execution_status", "TIMED_OUT");
        assertThat(finalizeFirst).as("FinalizeOnError of the redriven attempt, then its RUNNING, then SUCCEEDED:"
                + " the workflow's caught failure must not be erased").containsEntry("execution_status", "TIMED_OUT");
        assertThat(String.valueOf(finalizeFirst.get("last_error"))).contains("\"caught\": true", "States.Timeout");
        assertThat(finalizeFirst.get("failure_reason")).isEqualTo(runningFirst.get("failure_reason"));
    }

    private Map<String, Object> redriveWithCaughtTimeout(boolean finalizeBeforeRedriveRunning) throws SQLException {
        Execution e = newExecution("redrive");
        long id = OrioleWorkflow.startExperiment(workflow, MODEL, TEMPERATURE, e.arn(), e.name, e.messageId);
        record(e.event("RUNNING", 0, null, null, null));
        record(e.event("FAILED", 0, null, "States.TaskFailed", CRASH_CAUSE));
        // redriven (redriveCount 1): the failed state runs again, times out, is caught, FinalizeOnError runs,
        // and the execution ends SUCCEEDED (its output carries no errorInfo: only FinalizeOnError knows).
        if (finalizeBeforeRedriveRunning) {
            OrioleWorkflow.finalizeOnError(workflow, "States.Timeout", "Task timed out after 900.00 seconds", id);
            record(e.event("RUNNING", 1, null, null, null));
        } else {
            record(e.event("RUNNING", 1, null, null, null));
            OrioleWorkflow.finalizeOnError(workflow, "States.Timeout", "Task timed out after 900.00 seconds", id);
        }
        record(e.event("SUCCEEDED", 1, "{\"experimentId\": 1}", null, null));
        List<Map<String, Object>> rows = Rows.query(workflow, "SELECT id, execution_status, redrive_count, last_error::text"
                + " AS last_error, failure_reason FROM experiments WHERE execution_arn = ?", e.arn());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("id", id).containsEntry("redrive_count", 1);
        return rows.get(0);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 2 (bug): folding the recorder's row into StartExperiment's INSERT rewrites the workflow's own jsonb
    // columns: oriole_fold_recorder_row builds the new row from jsonb_strip_nulls(to_jsonb(NEW)), and
    // jsonb_strip_nulls is recursive, so every key whose value is null INSIDE a jsonb domain column (an agent's
    // settings, a maze description ...) is deleted. The same INSERT without the recorder's row first keeps them.
    // docs/adopting.md: "a folded row keeps every value the INSERT gave".
    //
    // Right behaviour: the folded row holds exactly what the INSERT gave for every column the INSERT set. Strip only
    // the top level (e.g. build the object from jsonb_each(to_jsonb(NEW)) WHERE value <> 'null'), or better, assign
    // the recorder's columns to NEW one by one (NEW.x := coalesce(NEW.x, recorded.x)) without a JSON round trip.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void foldingTheRecordersRowKeepsTheWorkflowsJsonbColumnAsInserted() throws SQLException {
        Rows.execute(workflow, "ALTER TABLE experiments ADD COLUMN IF NOT EXISTS agent_settings jsonb");
        String settings = "{\"max_steps\": 200, \"stop_token\": null, \"tools\": {\"map\": null, \"look\": true}}";

        Execution alone = newExecution("settings-alone");
        long aloneId = insertWithSettings(alone, settings);
        Execution recordedFirst = newExecution("settings-folded");
        record(recordedFirst.event("RUNNING", 0, null, null, null));
        long foldedId = insertWithSettings(recordedFirst, settings);

        String asInserted = (String) Rows.query(workflow, "SELECT ?::jsonb::text AS s", settings).get(0).get("s");
        assertThat(settingsOf(aloneId)).as("without the recorder's row").isEqualTo(asInserted);
        assertThat(settingsOf(foldedId)).as("the recorder's RUNNING first: the INSERT's jsonb value must be kept")
                .isEqualTo(asInserted);
    }

    private long insertWithSettings(Execution e, String settings) throws SQLException {
        return (Long) Rows.query(workflow, "INSERT INTO experiments (model_name, temperature, started_at, agent_settings,"
                + " execution_arn, execution_name, execution_status, sqs_message_id)"
                + " VALUES ('gpt-4o', 1.0, NOW(), ?::jsonb, ?, ?, 'RUNNING', ?) RETURNING id",
                settings, e.arn(), e.name, e.messageId).get(0).get("id");
    }

    private String settingsOf(long id) throws SQLException {
        return (String) Rows.query(workflow, "SELECT agent_settings::text AS s FROM experiments WHERE id = ?", id)
                .get(0).get("s");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 3 (bug, security): oriole_fold_recorder_row is SECURITY DEFINER (runs as the migration owner, often
    // the master user), EXECUTE is left granted to PUBLIC, and it never checks which table fired it. Any role that
    // can log in (no privilege on experiments at all: a read-only dashboard or analyst role) can attach it to a
    // TEMP table of its own (every role may create temp tables by default) and INSERT a row naming an ARN or a
    // message id: the function then DELETEs the recorder's row from experiments with the owner's rights and copies
    // that row's columns (status, last_error with the cause, model ...) into the caller's row, which RETURNING
    // shows. Deletion and disclosure without any privilege on the table.
    //
    // Right behaviour: permission denied, and the recorder's row stays. Fix: REVOKE EXECUTE ON FUNCTION
    // oriole_fold_recorder_row() FROM PUBLIC (the trigger on experiments keeps firing: EXECUTE is checked when a
    // trigger is created, not when it fires) and refuse in the function unless TG_RELID = 'experiments'::regclass
    // (or the table the migration means); pin search_path to the schema explicitly with pg_temp last
    // ("SET search_path = public, pg_temp"), as the PostgreSQL docs advise for SECURITY DEFINER functions.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void aRoleWithNoPrivilegeOnExperimentsCannotDeleteOrReadTheRecordersRowsThroughTheFoldFunction() throws SQLException {
        Execution e = newExecution("stolen");
        record(e.event("FAILED", 0, null, "States.TaskFailed", "password=hunter2 in a stack trace"));
        String role = "oriole_reader_" + Long.toHexString(System.nanoTime());
        Rows.execute(workflow, "CREATE ROLE " + role + " LOGIN");
        try {
            String leaked = null;
            SQLException refused = null;
            try (Connection outsider = DriverManager.getConnection(JdbcUrls.withParameter(db.url(), "user", role))) {
                Rows.execute(outsider, "CREATE TEMP TABLE t (id bigint, execution_arn text, sqs_message_id text,"
                        + " last_error jsonb, failure_reason text, recorder_created boolean, pre_created boolean,"
                        + " execution_status text, status_rank smallint, started_at timestamptz, completed_at timestamptz);"
                        + " CREATE TRIGGER steal BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION oriole_fold_recorder_row()");
                try (PreparedStatement insert = outsider.prepareStatement(
                        "INSERT INTO t (execution_arn) VALUES (?) RETURNING last_error::text")) {
                    insert.setString(1, e.arn());
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        leaked = rs.getString(1);
                    }
                }
            } catch (SQLException expected) {
                refused = expected;
            }
            assertThat(Rows.count(workflow, "SELECT count(*) FROM experiments WHERE execution_arn = ?", e.arn()))
                    .as("the recorder's row survives a role without DELETE (or any) privilege on experiments").isEqualTo(1);
            assertThat(leaked).as("nothing of experiments is disclosed to that role").isNull();
            assertThat((Object) refused).as("the function refuses to run for that role / that table").isNotNull();
        } finally {
            Rows.execute(workflow, "DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 4 (bug): the SQL classifier (oriole_failure_kind, used for every failure another writer stores) and
    // the recorder's FailureClassifier disagree, though FailureKindAgreementTest says they agree on every input:
    //   * "exceeded.{0,20}memory": Java's '.' does not match \r, U+0085, U+2028, U+2029 (line terminators without
    //     DOTALL/UNIX_LINES); PostgreSQL's (?n) '.' excludes only \n;
    //   * "\bMemoryError\b": on Java 17 (the runtime here and Lambda's java17) \b counts every Unicode letter/digit
    //     (and combining marks) as a word character; the SQL uses [^A-Za-z0-9_] (ASCII);
    //   * blank error and cause (UNKNOWN vs CRASH): Java's isBlank counts U+001C..U+001F as whitespace,
    //     PostgreSQL's [[:space:]] does not;
    //   * a Lambda cause that PostgreSQL's jsonb rejects but Jackson's streaming read accepts (text after the
    //     object, an escaped \u0000, nesting deeper than Jackson's 1,000 limit in the other direction): one side
    //     reads errorMessage, the other does not.
    // Right behaviour: the same kind for every (error, cause). Fix: use (?s)-free explicit classes on both sides
    // (e.g. "exceeded[^\n]{0,20}memory" in Java with Pattern.UNIX_LINES, or "[\s\S]" in both), an ASCII word
    // class in Java ("(?<![A-Za-z0-9_])MemoryError(?![A-Za-z0-9_])"), one definition of blank
    // (e.g. strip() vs [[:space:]] of the same set), and the same JSON acceptance (Jackson with
    // FAIL_ON_TRAILING_TOKENS and the same NUL rule, or classify from the raw text only); then add these inputs to
    // FailureKindAgreementTest.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void theDatabaseAndTheRecorderGiveTheseFailuresTheSameKind() throws SQLException {
        List<String[]> cases = List.of(
                new String[] {"Lambda exceeded\rmemory", null},
                new String[] {"exceeded\u2028memory", null},
                new String[] {"exceeded\u0085memory", null},
                new String[] {"\u00e9MemoryError", null},
                new String[] {"MemoryError\u0301", null},
                new String[] {"\u0663MemoryError", null},
                new String[] {"\u001c", "\u001f"});
        // Left as documented differences (docs/adopting.md): a cause that is not one whole JSON document PostgreSQL
        // accepts (text after the object, an escaped NUL, nesting past Jackson's 1,000 levels) is read by the
        // database as plain text only, by the recorder's streaming reader as far as it goes. Only the phrases
        // hidden in a JSON-escaped message (\\u0061) can then classify apart.
        SoftAssertions softly = new SoftAssertions();
        try (PreparedStatement sql = workflow.prepareStatement("SELECT oriole_failure_kind(?, ?)")) {
            for (String[] failure : cases) {
                sql.setString(1, failure[0]);
                sql.setString(2, failure[1]);
                try (ResultSet kind = sql.executeQuery()) {
                    kind.next();
                    softly.assertThat(kind.getString(1)).as("error %s, cause %s", escape(failure[0]), escape(failure[1]))
                            .isEqualTo(FailureClassifier.classify(ExecutionStatus.FAILED, failure[0], failure[1]).name());
                }
            }
        }
        softly.assertAll();
    }

    private static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(90).forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04x", cp)
                : String.valueOf((char) cp)));
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 5 (risk): a writer inserting more than one execution in one transaction (a psql backfill, a COPY or
    // multi-row INSERT of experiments, a retried import) deadlocks with a recorder batch. The fold trigger takes
    // each row's advisory lock when the row is inserted, i.e. in row order, and holds it to commit; the recorder
    // takes its batch's locks in bucket order. Session: INSERT X (holds bucket(X)); recorder batch {X, Y} with
    // bucket(Y) < bucket(X) takes bucket(Y) and waits for bucket(X); session: INSERT Y waits for bucket(Y):
    // deadlock, PostgreSQL aborts one of them. V8 says "every other writer (the workflow, psql, a bulk load) is held
    // to the rules" and "two recorders never wait on each other in a cycle"; the issue asks for no deadlocks.
    //
    // Right behaviour: no deadlock. Fix options: document that a multi-row writer must first call
    // oriole_lock_executions(<all its ARNs and message ids>) (then the trigger's re-lock is free), and/or provide a
    // statement that does it; or make the fold not hold a lock across rows (e.g. try-lock and fall back to a
    // retry), or have the recorder take its locks with pg_try_advisory_xact_lock and retry the batch.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void aTransactionInsertingTwoExecutionsDoesNotDeadlockWithARecorderBatch() throws Exception {
        Execution[] pair = executionsWithDescendingBuckets();
        Execution x = pair[0];
        Execution y = pair[1];
        long deadlocksBefore = deadlocks();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SQLException sessionFailure = null;
        Future<BatchReport> batch;
        try (Connection session = db.connect()) {
            session.setAutoCommit(false);
            // The documented way (docs/adopting.md) for a session writing several executions in one transaction:
            // take all their locks first, in the recorder's order. Without it PostgreSQL detects the deadlock and
            // aborts one side: a recorder batch is then redelivered by SQS, nothing is lost.
            Rows.query(session, "SELECT oriole_lock_executions(?)", session.createArrayOf("text",
                    new String[] {x.arn(), x.messageId, y.arn(), y.messageId}));
            OrioleWorkflow.startExperiment(session, MODEL, TEMPERATURE, x.arn(), x.name, x.messageId);
            batch = pool.submit(() -> recorder.record(List.of(x.event("RUNNING", 0, null, null, null),
                    y.event("RUNNING", 0, null, null, null))));
            waitForAWaitingAdvisoryLock();
            try {
                OrioleWorkflow.startExperiment(session, MODEL, TEMPERATURE, y.arn(), y.name, y.messageId);
                session.commit();
            } catch (SQLException e) {
                sessionFailure = e;
                session.rollback();
            }
        }
        BatchReport report = batch.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat((Object) sessionFailure).as("the session's second INSERT").isNull();
        assertThat(report.failed()).as("the recorder batch").isEmpty();
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
    }

    /** Two fresh executions whose ARN buckets (V8's hashtext(k) & 511) go down: bucket(first) > bucket(second). */
    private Execution[] executionsWithDescendingBuckets() throws SQLException {
        while (true) {
            Execution a = newExecution("deadlock");
            Execution b = newExecution("deadlock");
            long bucketA = bucket(a.arn());
            long bucketB = bucket(b.arn());
            // The session holds only bucket(a); the recorder takes its buckets in ascending order, so with
            // bucket(b) < bucket(a) it holds bucket(b) when it starts waiting for bucket(a).
            if (bucketB < bucketA) {
                return new Execution[] {a, b};
            }
        }
    }

    private long bucket(String key) throws SQLException {
        return Rows.count(workflow, "SELECT hashtext(?) & 511", key);
    }

    private void waitForAWaitingAdvisoryLock() throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Rows.count(workflow, "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()") > 0) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the recorder batch never waited for the session's lock");
    }

    private long deadlocks() throws SQLException {
        try (Connection c = db.connect()) {
            return Rows.count(c, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 6 (risk): a last_error the workflow writes that is not a JSON object (a double JSON.stringify gives a
    // JSON string; an array of errors) is not recognised as the workflow's failure: oriole_workflow_error returns it
    // unmarked, workflowFailureStands looks for ->> 'source' and finds nothing, the guard only marks objects caught.
    // The two orders then end differently, and one of them erases the workflow's failure entirely:
    //   FinalizeOnError before SUCCEEDED: SUCCEEDED, last_error NULL, failure_reason NULL (erased);
    //   SUCCEEDED before FinalizeOnError: SUCCEEDED, last_error and failure_reason kept.
    // Right behaviour: whatever JSON the workflow wrote as last_error counts as its failure, in both orders: wrap a
    // non-object as {"error": null, "cause": <its text>, "written": <it>, "source": "workflow", "kind": ...}, or
    // track "the workflow wrote a failure" in a column instead of a key inside a document the writer controls.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void aWorkflowFailureWrittenAsAJsonStringEndsTheSameInBothOrdersAndIsNotErased() throws Exception {
        String doubleStringified = SavedEventFiles.JSON.writeValueAsString(
                "{\"error\":\"States.Timeout\",\"cause\":\"Task timed out after 900.00 seconds\"}");
        Map<String, Object> finalizeFirst = caughtWithLastError(doubleStringified, true);
        Map<String, Object> succeededFirst = caughtWithLastError(doubleStringified, false);

        assertThat(finalizeFirst).as("both orders end alike (FinalizeOnError first vs SUCCEEDED first)")
                .isEqualTo(succeededFirst);
        assertThat(finalizeFirst.get("failure_reason")).as("FinalizeOnError, then SUCCEEDED: the reason is not erased")
                .isNotNull();
        assertThat(finalizeFirst).as("a caught failure is a failure").containsEntry("execution_status", "TIMED_OUT");
    }

    private Map<String, Object> caughtWithLastError(String lastErrorJson, boolean finalizeFirst) throws SQLException {
        Execution e = newExecution("stringified");
        long id = OrioleWorkflow.startExperiment(workflow, MODEL, TEMPERATURE, e.arn(), e.name, e.messageId);
        record(e.event("RUNNING", 0, null, null, null));
        if (!finalizeFirst) {
            record(e.event("SUCCEEDED", 0, "{\"experimentId\": 1}", null, null));
        }
        try (PreparedStatement sql = workflow.prepareStatement(
                OrioleWorkflow.statement("finalize-on-error.sql").replaceAll("\\$\\d", "?"))) {
            sql.setObject(1, "TIMED_OUT", java.sql.Types.OTHER);
            sql.setObject(2, lastErrorJson, java.sql.Types.OTHER);
            sql.setObject(3, "Task timed out after 900.00 seconds", java.sql.Types.OTHER);
            sql.setObject(4, String.valueOf(id), java.sql.Types.OTHER);
            assertThat(sql.executeUpdate()).isEqualTo(1);
        }
        if (finalizeFirst) {
            record(e.event("SUCCEEDED", 0, "{\"experimentId\": 1}", null, null));
        }
        return Rows.query(workflow, "SELECT execution_status, last_error::text AS last_error, failure_reason"
                + " FROM experiments WHERE id = ?", id).get(0);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 7 (risk): two rows for ever for a message-only deployment when the recorder's first event carries no
    // input (inputDetails.included = false: input + output over 248 KB, so no messageId). The recorder creates its
    // row without sqs_message_id; StartExperiment's message-only INSERT finds no recorder row with that message id
    // and makes a second row; the SUCCEEDED event (with input) fills the recorder row's sqs_message_id, but
    // attachPreCreatedRows only looks at executions that have no row yet, and the fold trigger only runs on INSERT.
    // The case 2 ("two rows for one experiment, for ever") comes back; oriole's duplicate_sqs_processing query
    // then reports a duplicate that is not one.
    // Right behaviour: one row, the workflow's id. When the recorder learns the message id of an execution whose row
    // is still recorder_created and a row with that message id and no ARN exists, it should fold its own row into
    // that row (the same fold as the trigger's, in the other direction), under the message id's lock.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void aMessageOnlyInsertAfterARunningEventWithoutInputStillEndsInOneRow() throws SQLException {
        Execution e = newExecution("no-input");
        record(e.eventWithoutInput("RUNNING"));
        long id = OrioleWorkflow.startExperimentWithMessageOnly(workflow, MODEL, TEMPERATURE, e.messageId);
        record(e.event("SUCCEEDED", 0, "{\"goalFound\": true}", null, null));

        List<Map<String, Object>> rows = Rows.query(workflow, "SELECT id, execution_arn, sqs_message_id, execution_status,"
                + " recorder_created FROM experiments WHERE execution_arn = ? OR sqs_message_id = ? ORDER BY id",
                e.arn(), e.messageId);
        assertThat(rows).as("one row for the execution").hasSize(1);
        assertThat(rows.get(0)).containsEntry("id", id).containsEntry("execution_status", "SUCCEEDED");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 8 (bug): the reconciler no longer looks at executions whose terminal event was lost once the workflow
    // has written a status. Delivery is best effort; the reconciler is the safety net for "rows the events left
    // behind", and selectDue picks them by execution_status IN ('RUNNING', 'PENDING_REDRIVE'). V8 lets the workflow's
    // FinalizeExperiment / FinalizeOnError stand while Step Functions' last word is RUNNING (status_rank 10), so such a
    // row reads SUCCEEDED (or FAILED/TIMED_OUT) and is never asked about again: if the execution then actually
    // FAILED/TIMED_OUT at the Step Functions level (the very case the guard trigger exists for: a Lambda that
    // finished after its task timed out) and that event is lost, the row says SUCCEEDED for ever; a caught failure is
    // never marked caught; completed_at stays the workflow's clock.
    // Right behaviour: an execution Step Functions last reported RUNNING (status_rank = 10, or 30) is due for
    // reconciliation whatever execution_status the workflow wrote: select on status_rank IN (10, 30) (plus
    // rows with an ARN and no status_rank), not on execution_status; adjust the partial index to match.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void anExecutionStepFunctionsLastReportedRunningIsDueForTheReconcilerAfterTheWorkflowFinalizedIt() throws SQLException {
        Execution e = newExecution("lost-terminal");
        long id = OrioleWorkflow.startExperiment(workflow, MODEL, TEMPERATURE, e.arn(), e.name, e.messageId);
        record(e.event("RUNNING", 0, null, null, null));
        OrioleWorkflow.finalizeExperiment(workflow, true, id);
        // ... and the SUCCEEDED / FAILED event never arrives (best-effort delivery).

        List<String> due = new ArrayList<>();
        try (org.apache.ibatis.session.SqlSession session = oriole.recorder.store.MyBatisSessions.factory()
                .openSession(workflow)) {
            for (oriole.recorder.reconcile.DueExecution row : session
                    .getMapper(oriole.recorder.reconcile.ReconcileMapper.class).selectDue(3600, 10_000)) {
                due.add(row.executionArn());
            }
        }
        assertThat(Rows.query(workflow, "SELECT status_rank::int AS status_rank FROM experiments WHERE id = ?", id).get(0))
                .as("Step Functions' last word is RUNNING").containsEntry("status_rank", 10);
        assertThat(due).as("the reconciler asks Step Functions about it").contains(e.arn());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Finding 9 (bug): duplicate SQS processing with a message-only deployment ends in THREE rows for two executions
    // when both StartExperiment INSERTs commit before the recorder's batch that holds both executions' events.
    // Each duplicate execution's StartExperiment inserts its own row with the message id and no ARN (a situation V8
    // creates: before it, one message had at most one row created before its execution). attachPreCreatedRows takes
    // DISTINCT ON (sqs_message_id) of the batch's executions, so only the earliest one attaches; the other gets a new
    // recorder row (recorder_created) although a second ARN-less row of its message is waiting, and since it now has
    // a row it is never attached later: that workflow row keeps no ARN and no status for ever, and the workflow's
    // id for it never gets its execution's status. The same events in two batches end in two rows (batch-dependent).
    // Found by racing a recorder batch {A, B} (one message) against two message-only INSERTs; deterministic as below.
    // Right behaviour: two rows, the workflows' ids, each with one execution: attach the k-th earliest execution of
    // a message in the batch to the k-th ARN-less row of that message (e.g. row_number() over both sides and join on
    // it), not only the first.
    // ------------------------------------------------------------------------------------------------------------
    @Test
    void twoExecutionsOfOneMessageInOneBatchTakeTheTwoMessageOnlyRowsOfTheirWorkflows() throws SQLException {
        Execution a = newExecution("duplicate");
        Execution b = new Execution(a.name + "-again", a.messageId, a.startMillis + 5);
        long first = OrioleWorkflow.startExperimentWithMessageOnly(workflow, MODEL, TEMPERATURE, a.messageId);
        long second = OrioleWorkflow.startExperimentWithMessageOnly(workflow, MODEL, TEMPERATURE, a.messageId);

        assertThat(recorder.record(List.of(a.event("RUNNING", 0, null, null, null), b.event("RUNNING", 0, null, null, null)))
                .failed()).isEmpty();

        List<Map<String, Object>> rows = Rows.query(workflow, "SELECT id, execution_arn, execution_status, recorder_created"
                + " FROM experiments WHERE sqs_message_id = ? ORDER BY id", a.messageId);
        assertThat(rows).as("one row per execution of the message").hasSize(2);
        assertThat(rows).extracting(row -> row.get("id")).containsExactly(first, second);
        assertThat(rows).extracting(row -> row.get("execution_status")).containsOnly("RUNNING");
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void record(QueuedMessage message) {
        assertThat(recorder.record(List.of(message)).failed()).as("the recorder takes the event").isEmpty();
    }

    private static Execution newExecution(String tag) {
        int n = executions.incrementAndGet();
        return new Execution("review-" + tag + "-" + n, "review-" + tag + "-" + n + "-msg",
                1_767_261_600_000L + n * 1000L);
    }

    /** One execution's Execution Status Change events, with a redrive count (ExecutionEvents has none). */
    record Execution(String name, String messageId, long startMillis) {

        String arn() {
            return "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:" + name;
        }

        /** An event whose input was omitted (escaped input + output over 248 KB): no messageId in it. */
        QueuedMessage eventWithoutInput(String status) {
            ObjectNode envelope = (ObjectNode) SavedEventFiles.JSON.valueToTree(
                    readTree(event(status, 0, null, null, null).body()));
            ObjectNode detail = (ObjectNode) envelope.get("detail");
            detail.putNull("input");
            detail.putObject("inputDetails").put("included", false);
            String id = new UUID(eventIds.incrementAndGet(), 19L).toString();
            envelope.put("id", id);
            return new QueuedMessage("sqs-" + id, envelope.toString());
        }

        private static com.fasterxml.jackson.databind.JsonNode readTree(String body) {
            try {
                return SavedEventFiles.JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        QueuedMessage event(String status, int redriveCount, String output, String error, String cause) {
            boolean running = status.equals("RUNNING");
            long stop = startMillis + 600_000L * (redriveCount + 1);
            String id = new UUID(eventIds.incrementAndGet(), 19L).toString();
            ObjectNode envelope = SavedEventFiles.JSON.createObjectNode();
            envelope.put("version", "0");
            envelope.put("id", id);
            envelope.put("detail-type", "Step Functions Execution Status Change");
            envelope.put("source", "aws.states");
            envelope.put("account", "123456789012");
            envelope.put("time", java.time.Instant.ofEpochSecond((running ? startMillis : stop) / 1000).toString());
            envelope.put("region", "us-east-1");
            envelope.putArray("resources").add(arn());
            ObjectNode detail = envelope.putObject("detail");
            detail.put("executionArn", arn());
            detail.put("stateMachineArn", STATE_MACHINE_ARN);
            detail.put("name", name);
            detail.put("status", status);
            detail.put("startDate", startMillis);
            if (running) {
                detail.putNull("stopDate");
            } else {
                detail.put("stopDate", stop);
            }
            ObjectNode input = SavedEventFiles.JSON.createObjectNode();
            input.put("messageId", messageId);
            input.put("modelName", MODEL);
            input.put("temperature", 0.7);
            detail.put("input", input.toString());
            detail.putObject("inputDetails").put("included", true);
            detail.put("output", output);
            detail.putObject("outputDetails").put("included", true);
            detail.put("error", error);
            detail.put("cause", cause);
            detail.put("redriveCount", redriveCount);
            if (redriveCount > 0) {
                detail.put("redriveDate", startMillis + 600_000L * redriveCount + 1);
            }
            return new QueuedMessage("sqs-" + id, envelope.toString());
        }
    }
}

package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.EventParser;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.StatusStore;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** One connection per container: opened lazily, kept across batches, replaced when it breaks. */
class BatchRecorderConnectionTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void opensLazilyAndKeepsOneTransactionalConnectionAcrossBatches() throws Exception {
        try (DatabaseConnection database = new DatabaseConnection(db.url());
                BatchRecorder recorder = recorder(database)) {
            List<QueuedMessage> events = SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found"),
                    SavedEventFiles.root().resolve("scenarios/02-succeeded-goal-not-found"));

            assertThat(recorder.record(events.subList(0, 2)).failed()).isEmpty();
            Connection first = database.get();
            assertThat(recorder.record(events.subList(2, 4)).failed()).isEmpty();

            assertThat(database.get()).as("the same connection serves the next batch").isSameAs(first);
            assertThat(first.isClosed()).isFalse();
            assertThat(first.getAutoCommit()).as("each batch stays one transaction").isFalse();
            assertThat(Rows.query(first, "SHOW plan_cache_mode").get(0).get("plan_cache_mode"))
                    .as("fixed-shape statements are not re-planned per execution").isEqualTo("force_generic_plan");
        }
    }

    @Test
    void replacesAConnectionTheServerDroppedAndLosesNothing() throws Exception {
        try (DatabaseConnection database = new DatabaseConnection(db.url());
                BatchRecorder recorder = recorder(database);
                Connection admin = db.connect()) {
            List<QueuedMessage> events = SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/03-failed-unhandled-exception"));
            assertThat(recorder.record(events.subList(0, 1)).failed()).isEmpty();
            Connection first = database.get();
            long pid = Rows.count(admin, "SELECT pid FROM pg_stat_activity WHERE application_name = 'oriole-recorder'"
                    + " AND datname = current_database()");
            Rows.query(admin, "SELECT pg_terminate_backend(?)", (int) pid);

            BatchReport report = recorder.record(events.subList(1, 2));

            assertThat(report.failed()).as("the broken connection is replaced, the batch recorded").isEmpty();
            assertThat(database.get()).isNotSameAs(first);
            assertThat(Rows.query(admin, "SELECT execution_status FROM experiments WHERE execution_name = 'exp-0003-failed-exception'"))
                    .extracting(r -> r.get("execution_status")).containsExactly("FAILED");
        }
    }

    private static BatchRecorder recorder(DatabaseConnection database) {
        return new BatchRecorder(new EventParser(SavedEventFiles.JSON),
                StatusStore.projecting(ExperimentProjection.defaults(SavedEventFiles.JSON)),
                database);
    }
}

package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

class SummaryCommandTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void verifySaysExactThenFindsAKeyChangedBehindTheTriggersBackAndRebuildRepairsIt() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status)"
                    + " SELECT 'm', 0.5, now() - g * interval '1 hour', now() - g * interval '1 hour' + interval '5 minutes',"
                    + " 'SUCCEEDED' FROM generate_series(1, 50) g");
        }
        CommandRun exact = CommandRun.of("summary", "--db", db.url(), "--verify");
        assertThat(exact.exitCode()).as(exact.out() + exact.err()).isZero();
        assertThat(exact.out()).contains("summary: exact");

        try (Connection c = db.connect()) {
            // what a writer with the triggers disabled (session_replication_role = replica) leaves behind
            Rows.execute(c, "SET session_replication_role = replica;"
                    + " UPDATE experiments SET execution_status = 'FAILED' WHERE id IN (SELECT min(id) FROM experiments)");
        }
        CommandRun wrong = CommandRun.of("summary", "--db", db.url(), "--verify");
        assertThat(wrong.exitCode()).isEqualTo(RecorderCommand.REJECTED);
        assertThat(wrong.out()).contains("key(s) differ from a full scan; run `summary --rebuild`")
                .contains("counted 0, scanned 1");

        CommandRun rebuilt = CommandRun.of("summary", "--db", db.url(), "--rebuild");
        assertThat(rebuilt.exitCode()).as(rebuilt.out() + rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("summary: rebuilt").contains("summary: exact");
        assertThat(CommandRun.of("summary", "--db", db.url(), "--compact").out()).contains("folded into one slot");
    }

    @Test
    void oneActionIsRequired() {
        assertThat(CommandRun.of("summary", "--db", db.url()).exitCode()).isNotZero();
        assertThat(CommandRun.of("summary", "--db", db.url(), "--verify", "--rebuild").exitCode()).isNotZero();
    }
}

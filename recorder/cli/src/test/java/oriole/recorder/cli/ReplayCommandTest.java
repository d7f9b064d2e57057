package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

class ReplayCommandTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.empty();

    @Test
    void replaysTheScenariosThenSeesOnlyDuplicates() {
        String scenarios = SavedEventFiles.root().resolve("scenarios").toString();

        CommandRun first = CommandRun.of("replay", "--db", db.url(), scenarios);
        CommandRun again = CommandRun.of("replay", "--db", db.url(), "--batch-size", "3", scenarios);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("replay: 80 event(s) in 8 batch(es) of up to 10")
                .contains("applied 77, stale 0, duplicate 3, rejected 0")
                .containsPattern("exp-0008-out-of-memory +FAILED +- +OUT_OF_MEMORY +0 +2026-01-01T11:25:00Z")
                .containsPattern("exp-0010-redriven +SUCCEEDED +true +- +1 +2026-01-01T12:15:00Z")
                .containsPattern("exp-0011-redrive-running +RUNNING +- +- +1 +-\\R");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("in 27 batch(es) of up to 3").contains("applied 0, stale 0, duplicate 80, rejected 0");
    }

    @Test
    void namesEachRejectedFileWithItsReasonAndExits1() {
        CommandRun run = CommandRun.of("replay", "--db", db.url(), SavedEventFiles.root().resolve("malformed").toString(),
                SavedEventFiles.root().resolve("scenarios/09-aborted").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("rejected 11")
                .containsPattern("rejected .*malformed/not-json.json: message body is not JSON")
                .containsPattern("rejected .*malformed/start-date-beyond-range.json: detail.startDate 9223372036854775807 is after")
                .containsPattern("exp-0009-aborted +ABORTED");
    }

    @Test
    void cannotRunWithoutAReachableDatabaseOrWithAMissingPath() {
        CommandRun down = CommandRun.of("replay", "--db", "jdbc:postgresql://127.0.0.1:1/x", SavedEventFiles.root().toString());
        CommandRun missing = CommandRun.of("replay", "--db", db.url(), "no/such/dir");
        CommandRun badBatch = CommandRun.of("replay", "--db", db.url(), "--batch-size", "0", "x");

        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.err()).startsWith("recorder: cannot connect to jdbc:postgresql://127.0.0.1:1/x");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("recorder: no such file or directory: no/such/dir" + System.lineSeparator());
        assertThat(badBatch.exitCode()).isEqualTo(2);
        assertThat(badBatch.err()).contains("--batch-size must be at least 1");
    }
}

package oriole.recorder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** Not a timed test: a tiny bench must verify its rows and end with its machine-readable line. */
class BenchSmokeTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void aTinyBenchVerifiesEveryRunAndEndsWithTheMachineReadableLine() {
        CommandRun run = CommandRun.of("bench", "--db", db.url(), "--executions", "150", "--workers", "2", "--seed", "3");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).filteredOn(line -> line.endsWith("verified")).hasSize(3);
        assertThat(lines.get(lines.size() - 1)).matches("bench: recorder_eps=\\d+ naive_eps=\\d+ ceiling_eps=\\d+"
                + " recorder_over_naive=\\d+\\.\\d\\d recorder_over_ceiling=\\d+\\.\\d\\d statements_per_batch=3");
    }

    @Test
    void aTinyDiagnosisBenchExplainsEveryQueryAndEndsWithTheMachineReadableLine() {
        CommandRun run = CommandRun.of("bench", "--db", db.url(), "--diagnose", "--experiments", "2000");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("bench: 2000 experiments, 6000 history events")
                .contains("executions_not_found").contains("Index Scan experiments_execution_not_found_idx")
                .containsPattern("bench-diagnose-windows: 1h=[0-9.]+ 24h=[0-9.]+ 7d=[0-9.]+ 30d=[0-9.]+ 90d=[0-9.]+ all=[0-9.]+")
                .containsPattern("bench-diagnose: experiments=2000 events=6000 slowest_query_ms=[0-9.]+ diagnose_server_ms=[0-9.]+"
                        + " diagnose_ms=[0-9.]+ show_ms=[0-9.]+");
        if (Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
            assertThat(run.out()).as("the overview drawn in headless Chromium, timed by the page")
                    .containsPattern("overview in headless Chromium \\(median, navigation to drawn\\): /\\?since=90d [0-9.]+ ms,"
                            + " /\\?since=all [0-9.]+ ms");
        }
    }

    @Test
    void aWrongRowFailsTheCheck() throws Exception {
        Workload workload = Workload.generate("check-", 20, 10, 0.0, 5, SavedEventFiles.JSON);
        assertThat(RowCheck.differences(db.url(), workload.expected())).as("nothing recorded yet").hasSize(20)
                .allSatisfy(difference -> assertThat(difference).endsWith("no row"));
    }
}

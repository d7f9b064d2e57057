package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** "Is A really better than B?": diagnose --compare on the saved scenarios, as a researcher reads it. */
class DiagnoseCompareTest {

    static final String AT = "2026-01-01T18:00:00Z";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @BeforeAll
    static void replayTheScenarios() {
        CommandRun replay = CommandRun.of("replay", "--db", db.url(), SavedEventFiles.root().resolve("scenarios").toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
    }

    @Test
    void twoModelsSideBySideWithIntervalsAndTheirDifference() {
        CommandRun run = CommandRun.of("diagnose", "--db", db.url(), "--at", AT, "--since", "7d",
                "--compare", "model=claude-3-5-sonnet,model=gpt-4o");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("compare: runs started in the last 7d up to " + AT)
                .contains("model=gpt-4o ").contains("100.0 % (20.7-100.0), 1/1")
                .contains("difference (first - second)").contains(", not clear");
    }

    @Test
    void theJsonGivesProportionsAndSaysWhetherTheDifferenceIsClear() throws Exception {
        CommandRun run = CommandRun.of("diagnose", "--db", db.url(), "--at", AT, "--since", "7d", "--format", "json",
                "--compare", "model=claude-3-5-sonnet+temperature=0.7,model=gpt-4o+temperature=0.0");
        JsonNode report = SavedEventFiles.JSON.readTree(run.out());

        assertThat(report.at("/first/cohort").asText()).isEqualTo("model=claude-3-5-sonnet temperature=0.7");
        assertThat(report.at("/second/runs").asLong()).isEqualTo(1);
        assertThat(report.at("/second/execution_success/low").asDouble()).isBetween(0.206, 0.207);
        assertThat(report.at("/difference/execution_success/clear").asBoolean()).isFalse();
    }

    @Test
    void aCohortSpelledWronglyIsAUsageErrorThatShowsTheForm() {
        CommandRun run = CommandRun.of("diagnose", "--db", db.url(), "--compare", "model=A");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--compare takes two cohorts, e.g. model=A,model=B");
    }
}

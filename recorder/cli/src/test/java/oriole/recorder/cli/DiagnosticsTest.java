package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** diagnose and show on a database filled by replaying every saved scenario. */
class DiagnosticsTest {

    static final String AT = "2026-01-01T18:00:00Z";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @BeforeAll
    static void replayTheSavedScenarios() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, Files.readString(SavedEventFiles.root().resolve("scenarios/15-correlated-to-pre-created-row/setup.sql")));
        }
        CommandRun replay = CommandRun.of("replay", "--db", db.url(), SavedEventFiles.root().resolve("scenarios").toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
    }

    @Test
    void theTableReportMatchesItsSnapshot() throws IOException {
        CommandRun run = CommandRun.of("diagnose", "--db", db.url(), "--at", AT);

        assertThat(run.exitCode()).as(run.err()).isZero();
        if ("1".equals(System.getenv("UPDATE_SNAPSHOTS"))) {
            Files.writeString(Path.of("src/test/resources/snapshots/diagnose-table.txt"), run.out(), StandardCharsets.UTF_8);
        }
        assertThat(run.out()).isEqualTo(snapshot("diagnose-table.txt"));
    }

    @Test
    void theJsonReportAnswersEachQuestion() throws Exception {
        CommandRun run = CommandRun.of("diagnose", "--db", db.url(), "--at", AT, "--format", "json", "--since", "7d");
        JsonNode report = SavedEventFiles.JSON.readTree(run.out());

        assertThat(report.get("counts").get("stuck_count").asInt()).isEqualTo(2);
        assertThat(report.get("counts").get("failed").asInt()).isEqualTo(8);
        assertThat(report.get("counts").get("finished").asInt()).isEqualTo(17);
        assertThat(report.get("stuck_experiments")).extracting(r -> r.get("execution_name").asText())
                .containsExactly("exp-0005-stuck", "exp-0011-redrive-running");
        assertThat(report.get("failures_by_kind")).extracting(r -> r.get("kind").asText() + "=" + r.get("failures").asInt())
                .containsExactly("TIMEOUT=3", "CRASH=2", "ABORTED=1", "NETWORK=1", "OUT_OF_MEMORY=1");
        assertThat(report.get("duplicate_sqs_processing")).extracting(r -> r.get("sqs_message_id").asText())
                .as("several executions started within the window (msg-0027's start after it)")
                .containsExactly("msg-0016");
        assertThat(report.get("totals").get("failure_details").asInt()).isEqualTo(8);
        assertThat(report.get("success_rates")).filteredOn(r -> r.get("model_name").asText().equals("claude-3-opus"))
                .singleElement().satisfies(r -> assertThat(r.get("runs").asInt()).isEqualTo(1));
        assertThat(report.get("aws_cli_commands")).extracting(r -> r.get("execution_history").asText())
                .allSatisfy(command -> assertThat(command).endsWith(" --max-results 10 --reverse-order"));
    }

    @Test
    void everyListShowsItsFirstRowsAndSaysHowManyMore() throws Exception {
        CommandRun table = CommandRun.of("diagnose", "--db", db.url(), "--at", AT, "--since", "7d", "--limit", "2");
        JsonNode json = SavedEventFiles.JSON.readTree(CommandRun.of("diagnose", "--db", db.url(), "--at", AT,
                "--since", "7d", "--limit", "2", "--format", "json").out());

        assertThat(json.get("failure_details")).hasSize(2);
        assertThat(json.get("totals").get("failure_details").asInt()).isEqualTo(8);
        assertThat(json.get("failure_details").get(0).has("total")).as("the total is in totals, not in each row").isFalse();
        assertThat(json.get("aws_cli_commands")).as("for the listed runs only: 2 stuck, 2 failed").hasSize(4);
        assertThat(table.out()).contains("… and 6 more (the first 2 shown: --limit N for more)")
                .doesNotContain(" total ");
    }

    @Test
    void allTimeCountsEveryRunAndSaysSo() throws Exception {
        CommandRun table = CommandRun.of("diagnose", "--db", db.url(), "--at", AT, "--since", "all");
        JsonNode all = SavedEventFiles.JSON.readTree(CommandRun.of("diagnose", "--db", db.url(), "--at", AT,
                "--since", "all", "--format", "json").out());
        JsonNode decade = SavedEventFiles.JSON.readTree(CommandRun.of("diagnose", "--db", db.url(), "--at", AT,
                "--since", "3650d", "--format", "json").out());

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("failure rate (all time): ").doesNotContain("last all");
        assertThat(all.get("counts")).isEqualTo(decade.get("counts"));
        assertThat(all.get("success_rates")).isEqualTo(decade.get("success_rates"));
    }

    @Test
    void nothingIsStuckOrFailedBeforeTheFirstRunStarted() throws Exception {
        CommandRun run = CommandRun.of("diagnose", "--db", db.url(), "--at", "2026-01-01T09:00:00Z", "--format", "json");
        JsonNode report = SavedEventFiles.JSON.readTree(run.out());

        assertThat(report.get("counts").get("stuck_count").asInt()).isZero();
        assertThat(report.get("failure_details")).isEmpty();
    }

    @Test
    void showTellsTheWholeStoryOfARedrivenRun() {
        CommandRun run = CommandRun.of("show", "--db", db.url(), "exp-0010-redriven", "--zone", "Europe/Paris");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("status          SUCCEEDED (redriven 1x)")
                .contains("goal found      true")
                .contains("started         2026-01-01T11:40:00Z  (2026-01-01 12:40:00 CET)")
                .contains("completed       2026-01-01T12:15:00Z  (2026-01-01 13:15:00 CET)")
                .contains("duration        35m 0s")
                .contains("sqs message     msg-0010 (no other execution)")
                .containsPattern("FAILED +0 +2026-01-01T11:40:00Z +2026-01-01T11:55:00Z .* Sandbox.Timedout")
                .containsPattern("SUCCEEDED +1 +2026-01-01T11:40:00Z +2026-01-01T12:15:00Z")
                .contains("\"errorMessage\" : \"RequestId: 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d Error: Task timed out after 900.00 seconds\"")
                .contains("aws stepfunctions get-execution-history --execution-arn "
                        + "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-0010-redriven --max-results 10 --reverse-order")
                .contains("aws logs tail /aws/lambda/oriole-agent --since 2026-01-01T11:40:00Z --filter-pattern '\"exp-0010-redriven\"'");
    }

    @Test
    void showFindsARunByIdOrArnAndNamesTheOtherExecutionsOfItsMessage() {
        CommandRun byArn = CommandRun.of("show", "--db", db.url(),
                "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-0016-first-delivery");
        CommandRun byId = CommandRun.of("show", "--db", db.url(), "1");

        assertThat(byArn.out()).containsPattern("sqs message +msg-0016; also processed by: exp-0016-second-delivery SUCCEEDED \\(experiment \\d+\\)");
        assertThat(byId.out()).as("the row the API created before its execution, taken over by exp-0015")
                .startsWith("experiment 1  exp-0015-correlated")
                .contains("model           claude-3-opus @ temperature 0.3")
                .contains("failure kind    CRASH")
                .contains("\"errorType\" : \"KeyError\"");
    }

    @Test
    void anUnknownRunIsAClearMessageAndExitCode1() {
        CommandRun run = CommandRun.of("show", "--db", db.url(), "exp-9999");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("show: no experiment with id, execution ARN or execution name 'exp-9999'"
                + System.lineSeparator());
    }

    @Test
    void theSqlFileRunsUnderPsqlWithTheSameAnswers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql is not installed here");
        Path sql = SavedEventFiles.root().resolveSibling("db/queries/diagnose-failed-experiments.sql");
        Process psql = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1", "-v", "at=" + AT, "-f", sql.toString(),
                db.url().replace("jdbc:", "").replace("?user=", "?user="))
                .redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(psql.exitValue()).as(output).isZero();
        assertThat(output).contains("exp-0005-stuck").contains("OUT_OF_MEMORY").contains("msg-0016")
                .contains("stuck runs (unfinished, older than 1 hour):").contains("failure rate (last 24 hours):");
        for (String title : CommandRun.of("diagnose", "--db", db.url(), "--at", AT).out().lines()
                .filter(line -> line.startsWith("== ")).toList()) {
            assertThat(output).as("psql echoes each section's title as diagnose prints it").contains(title);
        }
    }

    private static String snapshot(String name) throws IOException {
        Path file = Path.of("src/test/resources/snapshots").resolve(name);
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

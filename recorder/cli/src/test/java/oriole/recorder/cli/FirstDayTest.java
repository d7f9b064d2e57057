package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** A new user's first day, as they run it: the README's commands in order, and the mistakes they make. */
class FirstDayTest {

    @RegisterExtension
    static final TestDatabase neverMigrated = TestDatabase.empty();

    /** One process per command, as a user runs them, all on the embedded database of a fresh user. */
    @Test
    void theReadmesReplayDiagnoseAndShowWorkAsPrintedWithoutADatabase() throws Exception {
        Path dataDirectory = Files.createTempDirectory("recorder-first-day").resolve("postgres");
        Map<String, String> environment = Map.of("RECORDER_DATA_DIR", dataDirectory.toString());
        String scenarios = SavedEventFiles.root().resolve("scenarios").toString();

        Run replay = Run.of(environment, "replay", scenarios);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("using the embedded PostgreSQL in " + dataDirectory)
                .contains("applied 77, stale 0, duplicate 3, rejected 0");

        Run diagnose = Run.of(environment, "diagnose", "--at", "2026-01-01T18:00:00Z");
        assertThat(diagnose.exitCode()).as(diagnose.err()).isZero();
        assertThat(diagnose.out()).contains("stuck runs (unfinished, older than 1h): 2").contains("exp-0005-stuck");

        Run show = Run.of(environment, "show", "exp-0006-lambda-timeout", "--zone", "Europe/Berlin");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("failure kind    TIMEOUT").contains("started         2026-01-01T10:50:00Z");

        Path reportFile = dataDirectory.getParent().resolve("report.html");
        Run report = Run.of(environment, "report", "--since", "7d", "--at", "2026-01-01T18:00:00Z", "--out", reportFile.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.err()).doesNotContain("no run started");
        assertThat(Files.readString(reportFile)).as("the README's report shows the scenarios").contains("exp-0005-stuck")
                .contains("claude-3-5-sonnet");
        Run nowReport = Run.of(environment, "report", "--out", reportFile.toString());
        assertThat(nowReport.err()).as("the last 24 h hold no saved scenario: the user is told how to name the window")
                .contains("--since 7d --at 2026-01-01T18:00:00Z");

        Run fresh = Run.of(environment, "replay", "--fresh", SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found").toString());
        assertThat(fresh.out()).contains("(emptied first)").contains("applied 2, stale 0, duplicate 0");
        assertThat(Run.of(environment, "show", "exp-0006-lambda-timeout").exitCode()).as("gone after --fresh").isEqualTo(1);
    }

    /**
     * A new user leaves serve running and goes on: replay and diagnose share its embedded server; after serve is
     * killed with -9 they still run, and a lock file whose server died too is cleared. The data follows $HOME.
     */
    @Test
    void commandsShareTheRunningEmbeddedServerAndSurviveAKill9() throws Exception {
        Path home = Files.createTempDirectory("recorder-home");
        Path dataDirectory = home.resolve(".local/share/oriole-recorder/postgres");
        Map<String, String> environment = Map.of("HOME", home.toString());
        String scenarios = SavedEventFiles.root().resolve("scenarios").toString();

        Run replay = Run.of(environment, "replay", scenarios);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).as("$HOME decides where the data lives").contains("using the embedded PostgreSQL in " + dataDirectory);

        Process serve = Run.start(environment, "serve", "--port", "0", "--at", "2026-01-01T18:00:00Z");
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8));
            String started = out.readLine();
            assertThat(started).startsWith("serve: http://127.0.0.1:");

            Run beside = Run.of(environment, "diagnose", "--at", "2026-01-01T18:00:00Z");
            assertThat(beside.exitCode()).as(beside.err()).isZero();
            assertThat(beside.err()).contains("using the embedded PostgreSQL already running in " + dataDirectory);
            assertThat(beside.out()).contains("exp-0005-stuck");
            Run replayBeside = Run.of(environment, "replay", SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found").toString());
            assertThat(replayBeside.exitCode()).as(replayBeside.err()).isZero();
            Run fresh = Run.of(environment, "replay", "--fresh", scenarios);
            assertThat(fresh.exitCode()).isEqualTo(2);
            assertThat(fresh.err()).contains("stop that command first");

            serve.destroyForcibly().waitFor();
            Run afterKill = Run.of(environment, "show", "exp-0006-lambda-timeout");
            assertThat(afterKill.exitCode()).as(afterKill.err()).isZero();
        } finally {
            serve.destroyForcibly().waitFor();
            stopServerIn(dataDirectory);
        }

        // The server is gone, its lock file left behind as a kill -9 of both leaves it.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDirectory.resolve("postmaster.pid"), gone.pid() + "\n" + dataDirectory + "\n1767261600\n54321\n");
        Run stale = Run.of(environment, "diagnose", "--at", "2026-01-01T18:00:00Z");
        assertThat(stale.exitCode()).as(stale.err()).isZero();
        assertThat(stale.out()).contains("exp-0005-stuck");
    }

    private static void stopServerIn(Path dataDirectory) throws Exception {
        Path lock = dataDirectory.resolve("postmaster.pid");
        if (Files.exists(lock)) {
            long pid = Long.parseLong(Files.readAllLines(lock).get(0).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            for (int i = 0; i < 100 && Files.exists(lock); i++) {
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aTypoedOptionOrCommandSaysSoSuggestsTheNearestAndNamesTheRealCommand() {
        CommandRun option = CommandRun.of("replay", "--batch-szie", "3", "events");
        CommandRun command = CommandRun.of("diagnos", "--at", "2026-01-01T18:00:00Z");

        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err().lines()).containsExactly("recorder: Unknown option: '--batch-szie'",
                "Did you mean --batch-size?",
                "Try 'java -jar recorder/target/recorder.jar replay --help' for the options.");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err().lines()).containsExactly("recorder: no command 'diagnos'",
                "Did you mean diagnose?",
                "Try 'java -jar recorder/target/recorder.jar --help' for the options.");
    }

    @Test
    void aMalformedInstantOrDurationIsOnePlainLineWithTheExpectedForm() {
        CommandRun at = CommandRun.of("diagnose", "--at", "2026-01-01");
        CommandRun since = CommandRun.of("report", "--since", "999999999d", "--out", "x.html");

        assertThat(at.exitCode()).isEqualTo(2);
        assertThat(at.err().lines().findFirst()).contains("recorder: Invalid value for option '--at': '2026-01-01' is not an"
                + " instant like 2026-01-01T18:00:00Z (UTC, between 1970 and 9999)");
        assertThat(at.err()).doesNotContain("Exception").doesNotContain("java.");
        assertThat(since.err().lines().findFirst()).contains("recorder: Invalid value for option '--since': '999999999d' is"
                + " longer than 3650d (ten years), the longest window");
    }

    @Test
    void aPathWithoutEventsIsNotASuccess() throws Exception {
        Path empty = Files.createTempDirectory("no-events");

        CommandRun run = CommandRun.of("replay", "--db", neverMigrated.url(), empty.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("recorder: replay: no .json file in " + empty);
    }

    @Test
    void anUnknownHostIsNamed() {
        CommandRun run = CommandRun.of("migrate", "--db", "jdbc:postgresql://no-such-host.invalid:5432/oriole?user=recorder");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .contains("the host 'no-such-host.invalid' could not be resolved");
    }

    @Test
    void showOnADatabaseNeverMigratedGivesTheHintDiagnoseGives() {
        CommandRun show = CommandRun.of("show", "--db", neverMigrated.url(), "exp-0001");
        CommandRun diagnose = CommandRun.of("diagnose", "--db", neverMigrated.url());

        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(diagnose.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("(is the database migrated? run java -jar recorder/target/recorder.jar migrate)");
        assertThat(diagnose.err()).contains("(is the database migrated? run java -jar recorder/target/recorder.jar migrate)");
    }

    @Test
    void reconcileWithoutAwsRegionOrCredentialsSaysWhatIsMissingBeforeAnyWork() throws Exception {
        Path home = Files.createTempDirectory("no-aws-home");
        // No IMDS: the credentials chain must not reach for an instance role off this machine.
        Map<String, String> noRegion = Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true");
        Run withoutRegion = Run.of(noRegion, "reconcile", "--db", neverMigrated.url());
        assertThat(withoutRegion.exitCode()).isEqualTo(2);
        assertThat(withoutRegion.err().lines()).containsExactly(
                "recorder: no AWS region: set AWS_REGION (or a region in ~/.aws/config for AWS_PROFILE)");

        Map<String, String> noCredentials = Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_REGION", "eu-west-1");
        Run withoutCredentials = Run.of(noCredentials, "backfill", "--db", neverMigrated.url(), "--state-machine-arn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:oriole-maze-experiment");
        assertThat(withoutCredentials.exitCode()).isEqualTo(2);
        assertThat(withoutCredentials.err().lines()).singleElement().asString()
                .startsWith("recorder: no AWS credentials: set AWS_PROFILE");
    }

    /** The command line in a JVM of its own, with only the variables a new user would have (and {@code environment}). */
    record Run(int exitCode, String out, String err) {
        private static ProcessBuilder builder(Map<String, String> environment, String... args) {
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), RecorderCommand.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(name -> name.startsWith("RECORDER_") || name.startsWith("AWS_")
                    || name.equals("XDG_DATA_HOME"));
            builder.environment().putAll(environment);
            return builder;
        }

        /** The command line started in a JVM of its own, left running; its stderr discarded. */
        static Process start(Map<String, String> environment, String... args) throws Exception {
            return builder(environment, args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        }

        static Run of(Map<String, String> environment, String... args) throws Exception {
            ProcessBuilder builder = builder(environment, args);
            Path out = Files.createTempFile("run", ".out");
            Path err = Files.createTempFile("run", ".err");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("%s finished", List.of(args)).isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }
}

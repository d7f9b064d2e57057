package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import oriole.recorder.testing.CommandRun;

/** {@code recorder <command> --help} prints that command's usage and succeeds, as {@code recorder help <command>} does. */
class CommandHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"migrate", "replay", "poll", "diagnose", "show", "reconcile", "backfill", "bench"})
    void everyCommandAnswersHelp(String command) {
        CommandRun run = CommandRun.of(command, "--help");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: recorder " + command);
    }
}

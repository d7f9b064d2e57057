package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** `show` never guesses between runs that share a name, and never sends a cause's control characters to the terminal. */
class ShowCommandTest {

    static final String SECOND_MACHINE = "oriole-maze-experiment-v2";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @BeforeAll
    static void recordTheSameNameOnTwoStateMachines() {
        List<QueuedMessage> events = new ArrayList<>(SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/03-failed-unhandled-exception"),
                SavedEventFiles.root().resolve("scenarios/29-control-characters-in-cause"),
                SavedEventFiles.root().resolve("scenarios/30-caught-timeout-succeeded")));
        for (QueuedMessage event : SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found"))) {
            events.add(new QueuedMessage(event.messageId() + "-v2", event.body()
                    .replace("exp-0001-succeeded-goal", "exp-0003-failed-exception")
                    .replace("stateMachine:oriole-maze-experiment", "stateMachine:" + SECOND_MACHINE)
                    .replace("execution:oriole-maze-experiment:", "execution:" + SECOND_MACHINE + ":")
                    .replaceFirst("\"id\":\"", "\"id\":\"v2-")));
        }
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            assertThat(recorder.record(events).failed()).isEmpty();
        }
    }

    @Test
    void aCaughtFailureSaysStepFunctionsReportedSucceededAndTheWorkflowCaughtIt() {
        CommandRun run = CommandRun.of("show", "--db", db.url(), "exp-0030-caught-timeout-succeeded");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("TIMED_OUT (caught by the workflow: Step Functions reported SUCCEEDED)")
                .contains("States.Timeout").contains("Task timed out after 900.00 seconds");
    }

    @Test
    void aNameThatTwoStateMachinesUseListsBothAndAsksForTheArn() {
        CommandRun run = CommandRun.of("show", "--db", db.url(), "exp-0003-failed-exception");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("show: 2 executions are named 'exp-0003-failed-exception'; name one by its execution ARN")
                .contains("arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-0003-failed-exception  FAILED")
                .contains("arn:aws:states:us-east-1:123456789012:execution:" + SECOND_MACHINE + ":exp-0003-failed-exception  SUCCEEDED");
    }

    @Test
    void theArnPicksOne() {
        CommandRun run = CommandRun.of("show", "--db", db.url(),
                "arn:aws:states:us-east-1:123456789012:execution:" + SECOND_MACHINE + ":exp-0003-failed-exception");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("status          SUCCEEDED").doesNotContain("FAILED");
    }

    @Test
    void controlCharactersInACauseAreShownNotSentToTheTerminal() {
        CommandRun run = CommandRun.of("show", "--db", db.url(), "exp-0029-terminal-escapes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("failure reason  CRASH: RuntimeError: bad \\u001B[31mred\\u001B[0m move\\u0007 then\\u2028a new line")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u2028");
    }
}

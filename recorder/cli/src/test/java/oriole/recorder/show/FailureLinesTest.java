package oriole.recorder.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import oriole.recorder.explain.RunExplanation;
import oriole.recorder.store.ExperimentRow;

class FailureLinesTest {

    static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-1";
    static final OffsetDateTime START = OffsetDateTime.parse("2026-01-01T10:00:00Z");

    static ExperimentRow row(String status, String error) {
        return new ExperimentRow(1L, ARN, "exp-1", status, null, null, null, null, null, null, 0, START, START.plusMinutes(5),
                null, error, null, false);
    }

    static RunExplanation explained(String function, String requestId, String note) {
        return new RunExplanation("EXPLAINED", "RunAgent", "Task", "lambda", "invoke", function, requestId, note, "TaskFailed",
                "KeyError", "CRASH", START.plusSeconds(2), START.plusMinutes(4), START.plusMinutes(6), 0);
    }

    @Test
    void aRunThatDidNotFailShowsNothing() {
        assertThat(FailureLines.of(row("SUCCEEDED", null), RunExplanation.NONE, null)).isEqualTo(FailureLines.NONE);
        assertThat(FailureLines.of(row("RUNNING", null), RunExplanation.NONE, null)).isEqualTo(FailureLines.NONE);
    }

    @Test
    void aCaughtFailureOfASucceededRunWaitsForItsExplanationLikeAnyFailure() {
        assertThat(FailureLines.of(row("SUCCEEDED", "RuntimeError"), RunExplanation.NONE, null).lines())
                .containsExactly("failed state: " + FailureLines.NOT_EXPLAINED, "failed in: not explained yet",
                        "request id: not explained yet");
    }

    @Test
    void withoutARequestIdTheLogCommandSearchesTheStatesWindowForTheExecutionName() {
        FailureLines lines = FailureLines.of(row("FAILED", "KeyError"), explained("oriole-agent", null, "the failure's error and cause name no request id"), null);

        assertThat(lines.lines()).contains("request id: unknown (the failure's error and cause name no request id)");
        assertThat(lines.awsCliCommands()).containsExactly("aws logs filter-log-events --region us-east-1 --log-group-name"
                + " /aws/lambda/oriole-agent --start-time 1767261602000 --end-time 1767261900000 --filter-pattern '\"exp-1\"'");
        assertThat(lines.insightsQuery()).isNull();
    }

    @Test
    void aGivenLogGroupWinsAndAnUntypeableOneWritesNoCommand() {
        assertThat(FailureLines.of(row("FAILED", "KeyError"), explained("oriole-agent", "01310c4d-3251-5b9d-ad59-d3cc1223a004", null),
                "/custom/agent").logGroup()).isEqualTo("/custom/agent");
        FailureLines hostile = FailureLines.of(row("FAILED", "KeyError"),
                explained("agent\u001b[2J", "01310c4d-3251-5b9d-ad59-d3cc1223a004", null), null);
        assertThat(hostile.awsCliCommands()).isEmpty();
        assertThat(hostile.lines()).contains("failed in: agent\\u001B[2J (lambda:invoke)");
    }
}

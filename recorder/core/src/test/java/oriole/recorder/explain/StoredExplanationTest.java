package oriole.recorder.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import oriole.recorder.text.CodePoints;

/** What a history holds is someone else's text: bounded in characters and storable, whatever it is. */
class StoredExplanationTest {

    static final WaitingRun RUN = new WaitingRun("arn:aws:states:us-east-1:123456789012:execution:m:e", "FAILED", 2);

    @Test
    void hugeNulAndHalfSurrogateTextIsBoundedAndStorable() {
        String emojiName = "🦜".repeat(1000);
        FailureExplanation explanation = new FailureExplanation(emojiName, "Task", "lambda", "invoke\u0000", "agent\uD800",
                "01310c4d-3251-5b9d-ad59-d3cc1223a004", null, "TaskFailed", "E".repeat(10_000), "x".repeat(40_000),
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:01:00Z"));

        StoredExplanation stored = StoredExplanation.of(RUN, HistoryReader.Outcome.EXPLAINED, explanation);

        assertThat(CodePoints.length(stored.state())).isEqualTo(StoredExplanation.NAME);
        assertThat(stored.state()).startsWith("🦜").endsWith("🦜…").doesNotContain("\uFFFD");
        assertThat(stored.resource()).isEqualTo("invoke\uFFFD");
        assertThat(stored.function()).isEqualTo("agent\uFFFD");
        assertThat(CodePoints.length(stored.error())).isEqualTo(StoredExplanation.ERROR);
        assertThat(stored.kind()).isEqualTo("CRASH");
        assertThat(stored.redriveCount()).as("explained for the redrive it was read for").isEqualTo(2);
        assertThat(stored.note()).isEqualTo("EXPLAINED");
        assertThat(stored.failedAt().toInstant()).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
    }

    @Test
    void aGoneHistoryKeepsOnlyItsNote() {
        StoredExplanation stored = StoredExplanation.of(RUN, HistoryReader.Outcome.EXECUTION_DOES_NOT_EXIST, null);

        assertThat(stored.note()).isEqualTo("EXECUTION_DOES_NOT_EXIST");
        assertThat(stored.state()).isNull();
        assertThat(stored.kind()).isNull();
    }

    @Test
    void theKindIsTheFailureEventsOwn() {
        assertThat(StoredExplanation.kind(new FailureExplanation(null, null, null, null, null, null, null, "ExecutionTimedOut",
                "States.Timeout", null, null, null))).hasToString("TIMEOUT");
        assertThat(StoredExplanation.kind(new FailureExplanation(null, null, null, null, null, null, null, "ExecutionAborted",
                null, null, null, null))).hasToString("ABORTED");
        assertThat(StoredExplanation.kind(new FailureExplanation(null, null, null, null, null, null, null, "TaskFailed",
                "Runtime.ExitError", "RequestId: x Error: Runtime exited with error: signal: killed", null, null))).hasToString("OUT_OF_MEMORY");
    }
}

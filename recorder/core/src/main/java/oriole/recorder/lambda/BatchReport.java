package oriole.recorder.lambda;

import java.util.List;
import oriole.recorder.store.StoreOutcome;

/**
 * The result of one batch.
 *
 * @param failed        every message to report in {@code batchItemFailures}, each with why; all others are committed
 * @param executionArns the executions the batch's valid events are about
 */
public record BatchReport(int received, StoreOutcome outcome, List<FailedMessage> failed, long millis,
        List<String> executionArns) {

    /** Why a message was not recorded. */
    public enum Why {
        /** Not a valid Execution Status Change event: it will never succeed. */
        INVALID_MESSAGE,
        /** Valid, but the database refuses its data: it will never succeed either. */
        REFUSED_BY_DATABASE,
        /** The database could not take the batch (down, credentials, configuration): SQS delivers it again. */
        DATABASE_UNAVAILABLE;

        public boolean isTheMessagesFault() {
            return this != DATABASE_UNAVAILABLE;
        }
    }

    public record FailedMessage(String messageId, Why why, String reason) {
    }

    /** The messages that will never succeed (invalid, or refused by the database). */
    public List<FailedMessage> rejected() {
        return failed.stream().filter(f -> f.why().isTheMessagesFault()).toList();
    }

    /** The messages the database could not take: not their fault, they are delivered again. */
    public List<FailedMessage> notRecorded() {
        return failed.stream().filter(f -> !f.why().isTheMessagesFault()).toList();
    }
}

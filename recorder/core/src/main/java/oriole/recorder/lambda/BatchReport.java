package oriole.recorder.lambda;

import java.util.List;
import oriole.recorder.store.StoreOutcome;

/**
 * The result of one batch.
 *
 * @param rejected messages that are not valid events or whose data the database refuses, with the reason
 *                 (they will never succeed)
 * @param failed   every message to report in {@code batchItemFailures}: the rejected ones and those the
 *                 database could not take; all others are committed
 * @param executionArns the executions the batch's valid events are about
 */
public record BatchReport(int received, StoreOutcome outcome, List<Rejection> rejected, List<Rejection> failed,
        long millis, List<String> executionArns) {

    public record Rejection(String messageId, String reason) {
    }
}

package oriole.recorder.explain;

import java.util.ArrayList;
import java.util.List;
import oriole.recorder.reconcile.RateLimiter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;

/**
 * Reads an execution's history for its failure: GetExecutionHistory newest first ({@code reverseOrder}),
 * without execution data ({@code includeExecutionData=false}: no inputs and outputs), page by page with
 * {@code nextToken}, stopping as soon as {@link HistoryWalk} has its answer. Every call waits for the rate
 * limiter it shares with DescribeExecution; the client's standard retry mode backs off on
 * ThrottlingException.
 */
public final class HistoryReader {

    /** GetExecutionHistory's largest page: a history of up to 1,000 events is one call. */
    public static final int PAGE_SIZE = 1000;

    private final SfnClient sfn;
    private final RateLimiter limiter;

    public HistoryReader(SfnClient sfn, RateLimiter limiter) {
        this.sfn = sfn;
        this.limiter = limiter;
    }

    public enum Outcome {
        /** The failed state was found. */
        EXPLAINED,
        /** The whole history shows no failed state. */
        NO_FAILURE_IN_HISTORY,
        /** Step Functions no longer has the execution (its history is kept 90 days): not asked again. */
        EXECUTION_DOES_NOT_EXIST
    }

    /** What one execution's history said, and how many GetExecutionHistory calls it took. */
    public record Answer(Outcome outcome, FailureExplanation explanation, int calls) {
    }

    public Answer explain(String executionArn) throws InterruptedException {
        List<HistoryEvent> events = new ArrayList<>();
        String nextToken = null;
        int calls = 0;
        while (true) {
            limiter.acquire();
            String token = nextToken;
            GetExecutionHistoryResponse page;
            try {
                page = sfn.getExecutionHistory(r -> r.executionArn(executionArn).reverseOrder(true)
                        .includeExecutionData(false).maxResults(PAGE_SIZE).nextToken(token));
            } catch (ExecutionDoesNotExistException gone) {
                return new Answer(Outcome.EXECUTION_DOES_NOT_EXIST, null, calls + 1);
            }
            calls++;
            page.events().forEach(event -> events.add(HistoryEvents.of(event)));
            nextToken = page.nextToken();
            WalkResult result = HistoryWalk.explain(events, nextToken == null);
            if (result instanceof WalkResult.Found found) {
                return new Answer(Outcome.EXPLAINED, found.explanation(), calls);
            }
            if (result instanceof WalkResult.NoFailure || nextToken == null) {
                return new Answer(Outcome.NO_FAILURE_IN_HISTORY, null, calls);
            }
        }
    }
}

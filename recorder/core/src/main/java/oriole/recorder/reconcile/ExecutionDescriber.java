package oriole.recorder.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.status.ExecutionStatus;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Asks Step Functions about one execution (DescribeExecution, rate-limited; the SDK's standard retry mode
 * backs off on ThrottlingException) and turns the answer into a status-change event, so the reconciler's
 * knowledge enters the database through exactly the recorder's path. Its event id is derived from the
 * state it describes: asking twice about the same state is a duplicate, not a new event.
 */
public final class ExecutionDescriber {

    public static final String SOURCE = "oriole.reconciler";

    private final SfnClient sfn;
    private final RateLimiter limiter;
    private final ObjectMapper json;

    public ExecutionDescriber(SfnClient sfn, RateLimiter limiter, ObjectMapper json) {
        this.sfn = sfn;
        this.limiter = limiter;
        this.json = json;
    }

    /**
     * A Step Functions client on the JDK's HTTP client (small, quick to start), with the standard retry mode
     * (exponential backoff with jitter on ThrottlingException).
     */
    public static SfnClientBuilder clientBuilder() {
        return SfnClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
    }

    /** The execution's current state as an event; empty when Step Functions does not know the execution. */
    public Optional<StatusChangeEvent> describe(String executionArn) throws InterruptedException {
        limiter.acquire();
        DescribeExecutionResponse execution;
        try {
            execution = sfn.describeExecution(r -> r.executionArn(executionArn));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
        return Optional.of(toEvent(execution, Instant.now()));
    }

    StatusChangeEvent toEvent(DescribeExecutionResponse execution, Instant askedAt) {
        ExecutionStatus status = ExecutionStatus.fromName(execution.statusAsString()).orElseThrow(() ->
                new IllegalStateException("Step Functions reported an unknown status " + execution.statusAsString()
                        + " for " + execution.executionArn()));
        int redriveCount = execution.redriveCount() == null ? 0 : execution.redriveCount();
        boolean inputOmitted = execution.inputDetails() != null && Boolean.FALSE.equals(execution.inputDetails().included());
        boolean outputOmitted = execution.outputDetails() != null && Boolean.FALSE.equals(execution.outputDetails().included());
        String eventId = SOURCE + ":" + status + ":" + redriveCount + ":" + execution.executionArn();
        return new StatusChangeEvent(eventId, askedAt, null, null, execution.executionArn(), execution.stateMachineArn(),
                execution.name(), status, execution.startDate(), execution.stopDate(), execution.input(), inputOmitted,
                execution.output(), outputOmitted, execution.error(), execution.cause(),
                execution.stateMachineVersionArn(), execution.stateMachineAliasArn(), redriveCount,
                execution.redriveDate(), execution.redriveStatusAsString(), execution.redriveStatusReason(),
                envelope(execution, eventId, askedAt, status, redriveCount));
    }

    /** What the history table keeps: the answer, shaped like the EventBridge envelope, marked as the reconciler's. */
    private String envelope(DescribeExecutionResponse execution, String eventId, Instant askedAt, ExecutionStatus status,
            int redriveCount) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", eventId);
        envelope.put("detail-type", "Step Functions Execution Status Change");
        envelope.put("source", SOURCE);
        envelope.put("time", askedAt.toString());
        ObjectNode detail = envelope.putObject("detail");
        detail.put("executionArn", execution.executionArn());
        detail.put("stateMachineArn", execution.stateMachineArn());
        detail.put("name", execution.name());
        detail.put("status", status.name());
        detail.put("startDate", millis(execution.startDate()));
        detail.put("stopDate", millis(execution.stopDate()));
        detail.put("input", execution.input());
        detail.put("output", execution.output());
        detail.put("error", execution.error());
        detail.put("cause", execution.cause());
        detail.put("redriveCount", redriveCount);
        detail.put("redriveDate", millis(execution.redriveDate()));
        return envelope.toString();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}

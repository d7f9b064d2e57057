package oriole.recorder.status;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import oriole.recorder.json.JsonPointerValues;
import oriole.recorder.text.CodePoints;
import oriole.recorder.text.FoldedSpace;
import oriole.recorder.text.VisibleText;

/**
 * Classifies a failed execution's error and cause into a {@link FailureKind} and a one-line reason.
 * The cause is often a Lambda error serialized as JSON ({@code errorType}, {@code errorMessage},
 * {@code trace}): its type and message are searched as well as the raw strings.
 */
public final class FailureClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REASON_MESSAGE_LIMIT = 300;
    static final String CAUGHT_NOTE = " (caught by the workflow: Step Functions reported SUCCEEDED)";

    // Order matters: a Lambda killed for memory reports Runtime.ExitError ("signal: killed"), which must not
    // read as a crash; "Task timed out" is checked before the generic network "timed out" patterns.
    // Whatever is left with an error or a cause is a crash (unhandled exception, Runtime.ExitError, States.TaskFailed).
    // Word boundaries are ASCII ones, written out (Java 17's \\b counts any Unicode letter as a word character), so
    // that V8's oriole_failure_kind, which classifies what the workflow writes, reads the same phrases the same way.
    static final List<EvidenceRule> RULES = List.of(
            EvidenceRule.exact(FailureKind.OUT_OF_MEMORY, List.of("Runtime.OutOfMemory", "signal: killed",
                    "OutOfMemoryError", "JavaScript heap out of memory", "Cannot allocate memory"),
                    "(?<![A-Za-z0-9_])MemoryError(?![A-Za-z0-9_])", "exceeded.{0,20}memory"),
            EvidenceRule.exact(FailureKind.TIMEOUT, List.of("States.Timeout", "States.HeartbeatTimeout",
                    "Sandbox.Timedout", "Task timed out after", "Lambda.TimeoutException", "Function timed out")),
            EvidenceRule.ignoringCase(FailureKind.NETWORK, List.of("connection refused", "connection reset",
                    "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN",
                    "connect timed out", "connection timed out", "read timed out", "UnknownHostException",
                    "unknown host", "Name or service not known", "Temporary failure in name resolution",
                    "network is unreachable", "no route to host", "SdkClientException", "Unable to execute HTTP request",
                    "EndpointConnectionError", "ConnectTimeoutError", "ReadTimeoutError",
                    "Could not connect to the endpoint URL", "ConnectException", "broken pipe"),
                    "socket ?timeout"));

    private FailureClassifier() {
    }

    /** A failure and its one-line reason, the cause read once for both; empty when the status is not a failure. */
    public record Described(LastError failure, String reason) {
    }

    public static Optional<Described> describe(ExecutionStatus status, String error, String cause, Instant when) {
        if (!status.isFailure()) {
            return Optional.empty();
        }
        LambdaError lambdaError = LambdaError.parse(cause);
        LastError failure = new LastError(error, cause, classify(status, error, cause, lambdaError), when);
        return Optional.of(new Described(failure, reason(failure, lambdaError)));
    }

    /**
     * An error the workflow caught (the execution SUCCEEDED): a failure all the same, classified by its evidence,
     * with the status oriole's own FinalizeOnError gives it (TIMED_OUT when the error names a timeout).
     */
    public static Caught describeCaught(String error, String cause, Instant when) {
        LambdaError lambdaError = LambdaError.parse(cause);
        LastError failure = new LastError(error, cause, classify(ExecutionStatus.FAILED, error, cause, lambdaError), when,
                true);
        ExecutionStatus status = error != null && error.contains("Timeout") ? ExecutionStatus.TIMED_OUT
                : ExecutionStatus.FAILED;
        return new Caught(new Described(failure, reason(failure, lambdaError) + CAUGHT_NOTE), status);
    }

    /** A caught failure and the status it is recorded with. */
    public record Caught(Described described, ExecutionStatus status) {
    }

    public static FailureKind classify(ExecutionStatus status, String error, String cause) {
        return classify(status, error, cause, LambdaError.parse(cause));
    }

    private static FailureKind classify(ExecutionStatus status, String error, String cause, LambdaError lambdaError) {
        if (status == ExecutionStatus.ABORTED) {
            return FailureKind.ABORTED;
        }
        if (status == ExecutionStatus.TIMED_OUT) {
            return FailureKind.TIMEOUT;
        }
        String evidence = evidence(error, cause, lambdaError);
        String folded = EvidenceRule.asciiLowerCase(evidence);
        for (EvidenceRule rule : RULES) {
            if (rule.matches(evidence, folded)) {
                return rule.kind();
            }
        }
        return isBlank(error) && isBlank(cause) ? FailureKind.UNKNOWN : FailureKind.CRASH;
    }

    /**
     * One readable line: kind, error (or the cause's errorType) and the cause's message, trimmed. Control
     * characters are written as {@code \\uXXXX}: the line is shown on terminals and pages as it is.
     */
    public static String reason(LastError failure) {
        return reason(failure, LambdaError.parse(failure.cause()));
    }

    private static String reason(LastError failure, LambdaError lambdaError) {
        String error = !isBlank(failure.error()) ? failure.error() : lambdaError.type();
        String message = lambdaError.message() != null ? lambdaError.message() : failure.cause();
        StringBuilder line = new StringBuilder(failure.kind().name());
        if (!isBlank(error)) {
            line.append(": ").append(VisibleText.line(FoldedSpace.of(error)));
        }
        if (!isBlank(message) && !message.equals(error)) {
            line.append(": ").append(VisibleText.line(shorten(FoldedSpace.of(message))));
        }
        if (isBlank(error) && isBlank(message)) {
            line.append(": ").append(defaultDescription(failure.kind()));
        }
        return line.toString();
    }

    private static String defaultDescription(FailureKind kind) {
        return switch (kind) {
            case ABORTED -> "execution was stopped";
            case TIMEOUT -> "execution timed out";
            default -> "failed without error or cause";
        };
    }

    private static String evidence(String error, String cause, LambdaError lambdaError) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[] {error, lambdaError.type(), lambdaError.message(), cause}) {
            if (part != null) {
                text.append(part).append('\n');
            }
        }
        return text.toString();
    }

    private static String shorten(String text) {
        return text.length() <= REASON_MESSAGE_LIMIT || CodePoints.length(text) <= REASON_MESSAGE_LIMIT ? text
                : CodePoints.truncate(text, REASON_MESSAGE_LIMIT - 1, "…");
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** errorType/errorMessage of a cause that is a serialized Lambda error; both null otherwise. */
    record LambdaError(String type, String message) {

        private static final JsonPointerValues TYPE_AND_MESSAGE = new JsonPointerValues(JSON,
                List.of(JsonPointer.compile("/errorType"), JsonPointer.compile("/errorMessage")));

        static LambdaError parse(String cause) {
            JsonNode[] values = cause == null || !cause.stripLeading().startsWith("{") ? null : TYPE_AND_MESSAGE.read(cause);
            return values == null ? new LambdaError(null, null) : new LambdaError(text(values[0]), text(values[1]));
        }

        private static String text(JsonNode value) {
            return value.isValueNode() && !value.isNull() ? value.asText() : null;
        }
    }

}

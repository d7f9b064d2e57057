package oriole.recorder.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    // Error/cause pairs as Step Functions reports them for Lambda tasks (documented or seen in the field).
    @ParameterizedTest(name = "{1} / {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // timeouts
        "FAILED    | Sandbox.Timedout      | {\"errorMessage\":\"RequestId: 1 Error: Task timed out after 900.00 seconds\"} | TIMEOUT",
        "FAILED    | Lambda.Unknown        | The cause could not be determined because Lambda did not return an error type. Returned payload: {\"errorMessage\":\"2024-05-01T10:15:00.000Z 1 Task timed out after 900.01 seconds\"} | TIMEOUT",
        "FAILED    | States.Timeout        | null                                                                           | TIMEOUT",
        "FAILED    | States.HeartbeatTimeout | null                                                                         | TIMEOUT",
        "TIMED_OUT | null                  | null                                                                           | TIMEOUT",
        "TIMED_OUT | States.Timeout        | The execution timed out after 3600 seconds.                                    | TIMEOUT",
        // out of memory
        "FAILED    | Runtime.ExitError     | {\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: 2 Error: Runtime exited with error: signal: killed\"} | OUT_OF_MEMORY",
        "FAILED    | Lambda.Unknown        | The cause could not be determined because Lambda did not return an error type. Returned payload: RequestId: 3 Error: Runtime exited with error: signal: killed Runtime.ExitError | OUT_OF_MEMORY",
        "FAILED    | Runtime.OutOfMemory   | {\"errorType\":\"Runtime.OutOfMemory\",\"errorMessage\":\"RequestId: 4 Error: Runtime exited with error: out of memory\"} | OUT_OF_MEMORY",
        "FAILED    | java.lang.OutOfMemoryError | {\"errorMessage\":\"Java heap space\",\"errorType\":\"java.lang.OutOfMemoryError\"} | OUT_OF_MEMORY",
        "FAILED    | MemoryError           | {\"errorMessage\":\"\",\"errorType\":\"MemoryError\"}                          | OUT_OF_MEMORY",
        // network
        "FAILED    | ConnectionError       | {\"errorType\":\"ConnectionError\",\"errorMessage\":\"HTTPSConnectionPool(host='api.anthropic.com', port=443): Max retries exceeded ([Errno 111] Connection refused)\"} | NETWORK",
        "FAILED    | EndpointConnectionError | {\"errorMessage\":\"Could not connect to the endpoint URL: \\\"https://dynamodb.us-east-1.amazonaws.com/\\\"\"} | NETWORK",
        "FAILED    | java.net.UnknownHostException | {\"errorMessage\":\"api.openai.com: Name or service not known\"}     | NETWORK",
        "FAILED    | java.net.SocketTimeoutException | {\"errorMessage\":\"connect timed out\"}                           | NETWORK",
        "FAILED    | Error                 | {\"errorType\":\"Error\",\"errorMessage\":\"connect ECONNREFUSED 10.0.3.7:5432\"} | NETWORK",
        "FAILED    | Lambda.SdkClientException | Unable to execute HTTP request: Connection reset                          | NETWORK",
        "FAILED    | ReadTimeout           | {\"errorMessage\":\"HTTPSConnectionPool(host='api.anthropic.com', port=443): Read timed out. (read timeout=60)\"} | NETWORK",
        // crashes
        "FAILED    | KeyError              | {\"errorMessage\":\"'action'\",\"errorType\":\"KeyError\",\"stackTrace\":[]} | CRASH",
        "FAILED    | Runtime.ExitError     | {\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: 5 Error: Runtime exited with error: exit status 1\"} | CRASH",
        "FAILED    | States.TaskFailed     | null                                                                           | CRASH",
        "FAILED    | States.Runtime        | An error occurred while executing the state 'Walk'. The JSONPath '$.position' could not be found in the input | CRASH",
        "FAILED    | java.lang.NullPointerException | {\"errorMessage\":null,\"errorType\":\"java.lang.NullPointerException\"} | CRASH",
        "FAILED    | null                  | some cause without an error                                                    | CRASH",
        // the rest
        "ABORTED   | null                  | null                                                                           | ABORTED",
        "ABORTED   | States.Timeout        | stopped by an operator                                                         | ABORTED",
        "FAILED    | null                  | null                                                                           | UNKNOWN",
        "FAILED    | ''                    | ''                                                                             | UNKNOWN",
    })
    void classifiesDocumentedFailures(ExecutionStatus status, String error, String cause, FailureKind kind) {
        assertThat(FailureClassifier.classify(status, error, cause)).isEqualTo(kind);
    }

    @Test
    void successAndRunningAreNotFailures() {
        assertThat(FailureClassifier.describe(ExecutionStatus.SUCCEEDED, null, null, Instant.EPOCH)).isEmpty();
        assertThat(FailureClassifier.describe(ExecutionStatus.RUNNING, "x", "y", Instant.EPOCH)).isEmpty();
        assertThat(FailureClassifier.describe(ExecutionStatus.PENDING_REDRIVE, "x", "y", Instant.EPOCH)).isEmpty();
    }

    @Test
    void theReasonIsOneReadableLine() {
        LastError timeout = new LastError("Sandbox.Timedout",
                "{\"errorMessage\":\"RequestId: 6f1c Error: Task timed out after 900.00 seconds\"}", FailureKind.TIMEOUT,
                Instant.EPOCH);
        LastError crash = new LastError(null, "{\"errorType\":\"KeyError\",\"errorMessage\":\"'action'\",\"stackTrace\":[\"a\",\n\"b\"]}",
                FailureKind.CRASH, Instant.EPOCH);
        LastError multiLine = new LastError("States.Runtime", "line one\n   line two\tend", FailureKind.CRASH, Instant.EPOCH);
        LastError aborted = new LastError(null, null, FailureKind.ABORTED, Instant.EPOCH);
        LastError huge = new LastError("E", "x".repeat(5000), FailureKind.CRASH, Instant.EPOCH);

        assertThat(FailureClassifier.reason(timeout))
                .isEqualTo("TIMEOUT: Sandbox.Timedout: RequestId: 6f1c Error: Task timed out after 900.00 seconds");
        assertThat(FailureClassifier.reason(crash)).as("errorType stands in for a missing error")
                .isEqualTo("CRASH: KeyError: 'action'");
        assertThat(FailureClassifier.reason(multiLine)).isEqualTo("CRASH: States.Runtime: line one line two end");
        assertThat(FailureClassifier.reason(aborted)).isEqualTo("ABORTED: execution was stopped");
        assertThat(FailureClassifier.reason(huge)).hasSizeLessThan(320).endsWith("…").doesNotContain("\n");
    }

    @Test
    void joinsLinesExactlyAsTheRegularExpressionDid() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = " \t\n\u000B\f\r\u0000\u0001\u00A0\u2003ab";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = text.toString();
            assertThat(oriole.recorder.text.FoldedSpace.of(input)).as("%s", input.chars().boxed().toList())
                    .isEqualTo(input.replaceAll("\\s+", " ").trim());
        }
    }

    /** The rules as one regular expression per kind, as they were first written: the oracle for the phrase search. */
    private static final java.util.Map<FailureKind, java.util.regex.Pattern> REGEX_RULES = new java.util.LinkedHashMap<>();

    static {
        REGEX_RULES.put(FailureKind.OUT_OF_MEMORY, java.util.regex.Pattern.compile(
                "Runtime\\.OutOfMemory|signal: killed|OutOfMemoryError|JavaScript heap out of memory"
                        + "|(?<![A-Za-z0-9_])MemoryError(?![A-Za-z0-9_])|Cannot allocate memory|exceeded.{0,20}memory"));
        REGEX_RULES.put(FailureKind.TIMEOUT, java.util.regex.Pattern.compile(
                "States\\.Timeout|States\\.HeartbeatTimeout|Sandbox\\.Timedout|Task timed out after"
                        + "|Lambda\\.TimeoutException|Function timed out"));
        REGEX_RULES.put(FailureKind.NETWORK, java.util.regex.Pattern.compile(
                "(?i)connection refused|connection reset|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH"
                        + "|ENOTFOUND|EAI_AGAIN|connect timed out|connection timed out|read timed out"
                        + "|socket ?timeout|UnknownHostException|unknown host|Name or service not known"
                        + "|Temporary failure in name resolution|network is unreachable|no route to host"
                        + "|SdkClientException|Unable to execute HTTP request|EndpointConnectionError"
                        + "|ConnectTimeoutError|ReadTimeoutError|Could not connect to the endpoint URL"
                        + "|ConnectException|broken pipe"));
    }

    @Test
    void phraseSearchFindsExactlyWhatTheRegularExpressionsFound() {
        List<String> pieces = new java.util.ArrayList<>();
        for (EvidenceRule rule : FailureClassifier.RULES) {
            pieces.addAll(rule.phrases());
        }
        pieces.addAll(List.of("Socket Timeout", "sockettimeout", "MemoryError", "xMemoryError", "MemoryErrors",
                "exceeded", "memory", "the limit of ", "\n", " ", "\u212A", "\u0130", "CONNECTION RESET", "Signal: Killed",
                "task timed out after", "Errno 111", "timed out", "{\"errorType\":\"", "\"}"));
        java.util.Random random = new java.util.Random(11);
        int matched = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder evidence = new StringBuilder();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                String piece = pieces.get(random.nextInt(pieces.size()));
                evidence.append(mangle(piece, random));
            }
            String text = evidence.toString();
            FailureKind expected = REGEX_RULES.entrySet().stream().filter(rule -> rule.getValue().matcher(text).find())
                    .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
            FailureKind actual = FailureClassifier.RULES.stream()
                    .filter(rule -> rule.matches(text, EvidenceRule.asciiLowerCase(text)))
                    .map(EvidenceRule::kind).findFirst().orElse(null);
            assertThat(actual).as(text).isEqualTo(expected);
            matched += expected == null ? 0 : 1;
        }
        assertThat(matched).isBetween(10_000, 45_000);
    }

    /** The piece as is, with its case flipped here and there, cut short, or with a character replaced. */
    private static String mangle(String piece, java.util.Random random) {
        if (piece.isEmpty()) {
            return piece;
        }
        StringBuilder text = new StringBuilder(piece);
        switch (random.nextInt(5)) {
            case 0 -> {
                int at = random.nextInt(text.length());
                char c = text.charAt(at);
                text.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
            case 1 -> text.setLength(random.nextInt(text.length()));
            case 2 -> text.setCharAt(random.nextInt(text.length()), random.nextBoolean() ? '\u212A' : ' ');
            default -> {
            }
        }
        return text.toString();
    }
}

package oriole.recorder.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.text.CodePoints;

/**
 * Parses and strictly validates one SQS message body holding an EventBridge "Step Functions Execution
 * Status Change" envelope. Thread-safe; never touches I/O.
 */
public final class EventParser {

    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";
    public static final String SOURCE = "aws.states";
    /**
     * Step Functions' documented limits, in characters. Longer text is kept cut at the limit with a marker
     * rather than refused: refusing it would lose the status change the limit is there to protect.
     */
    static final int MAX_ERROR_LENGTH = 256;
    static final int MAX_CAUSE_LENGTH = 32_768;
    /** EventBridge event ids are UUIDs; a far longer one is not an EventBridge event (and would not fit the key's index). */
    static final int MAX_EVENT_ID_LENGTH = 256;
    /** The last instant a Step Functions date can be: dates are stored as timestamptz and printed as ISO-8601. */
    static final long MAX_EPOCH_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    static final Map<String, String> EXPECTED_VALUES = Map.of("detail-type", DETAIL_TYPE, "source", SOURCE);

    private final EnvelopeStream stream;
    private final EnvelopeTree tree;

    public EventParser(ObjectMapper json) {
        this.stream = new EnvelopeStream(json.getFactory());
        this.tree = new EnvelopeTree(json);
    }

    public StatusChangeEvent parse(String body) throws InvalidEventException {
        if (body == null || body.isBlank()) {
            throw new InvalidEventException("empty message body");
        }
        EnvelopeFields fields = stream.read(body);
        return validated(fields != null ? fields : tree.read(body), body);
    }

    /** The tree reader alone: what {@link #parse} must always agree with. */
    StatusChangeEvent parseAsTree(String body) throws InvalidEventException {
        return validated(tree.read(body), body);
    }

    private static StatusChangeEvent validated(EnvelopeFields fields, String body) throws InvalidEventException {
        requireExpected("detail-type", fields.detailType);
        requireExpected("source", fields.source);
        String eventId = required(fields.id, "id");
        if (CodePoints.length(eventId) > MAX_EVENT_ID_LENGTH) {
            throw new InvalidEventException("id is " + CodePoints.length(eventId) + " characters; EventBridge event ids"
                    + " are UUIDs (at most " + MAX_EVENT_ID_LENGTH + " accepted)");
        }
        Instant eventTime = informationalTime(fields.time);
        if (!fields.hasDetail) {
            throw new InvalidEventException("detail is missing or not an object");
        }
        String executionArn = required(fields.executionArn, "detail.executionArn");
        if (!StepFunctionsArns.isExecution(executionArn)) {
            throw new InvalidEventException("detail.executionArn is not a Step Functions Standard execution ARN: "
                    + abbreviate(executionArn));
        }
        String stateMachineArn = required(fields.stateMachineArn, "detail.stateMachineArn");
        if (!StepFunctionsArns.isStateMachine(stateMachineArn)) {
            throw new InvalidEventException("detail.stateMachineArn is not a Step Functions state machine ARN: "
                    + abbreviate(stateMachineArn));
        }
        String statusName = required(fields.status, "detail.status");
        ExecutionStatus status = ExecutionStatus.fromName(statusName).orElseThrow(() -> new InvalidEventException(
                "detail.status '" + abbreviate(statusName) + "' is not one of " + Arrays.toString(ExecutionStatus.values())));
        Instant startDate = epochMillis("startDate", fields.startDate, true);
        String error = limited(fields.error, MAX_ERROR_LENGTH);
        String cause = limited(fields.cause, MAX_CAUSE_LENGTH);
        return new StatusChangeEvent(
                eventId,
                eventTime,
                fields.region,
                fields.account,
                executionArn,
                stateMachineArn,
                // The ARN's last part is the name, checked with the ARN; a detail.name saying otherwise is not believed.
                executionArn.substring(executionArn.lastIndexOf(':') + 1),
                status,
                startDate,
                epochMillis("stopDate", fields.stopDate, false),
                fields.input,
                Boolean.FALSE.equals(fields.inputIncluded),
                fields.output,
                Boolean.FALSE.equals(fields.outputIncluded),
                error,
                cause,
                fields.stateMachineVersionArn,
                fields.stateMachineAliasArn,
                redriveCount(fields.redriveCount),
                epochMillis("redriveDate", fields.redriveDate, false),
                fields.redriveStatus,
                fields.redriveStatusReason,
                body);
    }

    private static void requireExpected(String field, String value) throws InvalidEventException {
        String expected = EXPECTED_VALUES.get(field);
        if (value == null) {
            throw new InvalidEventException(field + " is missing (expected '" + expected + "')");
        }
        if (!value.equals(expected)) {
            throw unexpectedValue(field, TextNode.valueOf(value).toString());
        }
    }

    /** A detail-type or source that is not the expected one; {@code json} is the value as JSON. */
    static InvalidEventException unexpectedValue(String field, String json) {
        return new InvalidEventException(field + " is " + abbreviate(json) + ", expected '" + EXPECTED_VALUES.get(field) + "'");
    }

    /** An integer field of detail holding something else; {@code json} is the value as JSON. */
    static InvalidEventException notAnInteger(String field, String json) {
        String expected = field.equals("redriveCount") ? "a non-negative integer"
                : "epoch milliseconds (a non-negative integer)";
        return new InvalidEventException("detail." + field + " must be " + expected + ", got " + abbreviate(json));
    }

    private static String required(String text, String path) throws InvalidEventException {
        if (text == null || text.isBlank()) {
            throw new InvalidEventException(path + " is missing or empty");
        }
        return text;
    }

    /**
     * The envelope's {@code time}: informational only (one-second resolution, never used to order), so a
     * value that is no instant (no zone, a leap second, 30 February) or beyond year 9999 is stored as NULL
     * rather than costing the event.
     */
    private static Instant informationalTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            Instant time = EventTimes.parse(text);
            return time.isBefore(Instant.EPOCH) || time.toEpochMilli() > MAX_EPOCH_MILLIS ? null : time;
        } catch (DateTimeParseException | ArithmeticException notAnInstant) {
            return null;
        }
    }

    private static Instant epochMillis(String field, Long value, boolean required) throws InvalidEventException {
        if (value == null) {
            if (required) {
                throw new InvalidEventException("detail." + field + " is missing (epoch milliseconds expected)");
            }
            return null;
        }
        if (value < 0) {
            throw notAnInteger(field, value.toString());
        }
        if (value > MAX_EPOCH_MILLIS) {
            throw new InvalidEventException("detail." + field + " " + value + " is after 9999-12-31T23:59:59.999Z"
                    + " (Step Functions dates are epoch milliseconds)");
        }
        return Instant.ofEpochMilli(value);
    }

    private static int redriveCount(Long value) throws InvalidEventException {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw notAnInteger("redriveCount", value.toString());
        }
        return value.intValue();
    }

    /** At most {@code limit} characters (code points, as Step Functions counts), then a marker saying how long it was. */
    private static String limited(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int characters = CodePoints.length(text);
        return CodePoints.truncate(text, limit, "\u2026 [cut by the recorder: " + characters
                + " characters, Step Functions sends at most " + limit + "]");
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}

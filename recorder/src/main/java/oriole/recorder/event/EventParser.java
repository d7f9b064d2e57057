package oriole.recorder.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import oriole.recorder.status.ExecutionStatus;

/**
 * Parses and strictly validates one SQS message body holding an EventBridge "Step Functions Execution
 * Status Change" envelope. Thread-safe; never touches I/O.
 */
public final class EventParser {

    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";
    public static final String SOURCE = "aws.states";
    /** Step Functions' documented limits; anything longer did not come from Step Functions. */
    static final int MAX_ERROR_LENGTH = 256;
    static final int MAX_CAUSE_LENGTH = 32_768;
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
        Instant eventTime = isoTime(fields.time, "time");
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
        String error = limited(fields.error, "detail.error", MAX_ERROR_LENGTH);
        String cause = limited(fields.cause, "detail.cause", MAX_CAUSE_LENGTH);
        return new StatusChangeEvent(
                eventId,
                eventTime,
                fields.region,
                fields.account,
                executionArn,
                stateMachineArn,
                fields.name != null ? fields.name : executionArn.substring(executionArn.lastIndexOf(':') + 1),
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

    private static Instant isoTime(String text, String field) throws InvalidEventException {
        if (text == null) {
            return null;
        }
        try {
            return EventTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " is not an ISO-8601 instant: " + abbreviate(text));
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

    private static String limited(String text, String path, int limit) throws InvalidEventException {
        if (text != null && text.length() > limit) {
            throw new InvalidEventException(path + " is " + text.length() + " characters; Step Functions sends at most "
                    + limit);
        }
        return text;
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}

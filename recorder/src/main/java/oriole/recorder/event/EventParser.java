package oriole.recorder.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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


    private final ObjectReader json;

    public EventParser(ObjectMapper json) {
        // A body with anything after the envelope is not one event.
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public StatusChangeEvent parse(String body) throws InvalidEventException {
        if (body == null || body.isBlank()) {
            throw new InvalidEventException("empty message body");
        }
        JsonNode envelope = readJson(body);
        if (!envelope.isObject()) {
            throw new InvalidEventException("message body is JSON but not an object (" + envelope.getNodeType() + ")");
        }
        requireEquals(envelope, "detail-type", DETAIL_TYPE);
        requireEquals(envelope, "source", SOURCE);
        String eventId = requiredText(envelope, "id", "id");
        Instant eventTime = optionalIsoTime(envelope, "time");
        JsonNode detail = envelope.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("detail is missing or not an object");
        }
        String executionArn = requiredText(detail, "executionArn", "detail.executionArn");
        if (!StepFunctionsArns.isExecution(executionArn)) {
            throw new InvalidEventException("detail.executionArn is not a Step Functions Standard execution ARN: "
                    + abbreviate(executionArn));
        }
        String stateMachineArn = requiredText(detail, "stateMachineArn", "detail.stateMachineArn");
        if (!StepFunctionsArns.isStateMachine(stateMachineArn)) {
            throw new InvalidEventException("detail.stateMachineArn is not a Step Functions state machine ARN: "
                    + abbreviate(stateMachineArn));
        }
        String statusName = requiredText(detail, "status", "detail.status");
        ExecutionStatus status = ExecutionStatus.fromName(statusName).orElseThrow(() -> new InvalidEventException(
                "detail.status '" + abbreviate(statusName) + "' is not one of " + Arrays.toString(ExecutionStatus.values())));
        Instant startDate = epochMillis(detail, "startDate", true);
        String name = optionalText(detail, "name", "detail.name");
        String error = limited(optionalText(detail, "error", "detail.error"), "detail.error", MAX_ERROR_LENGTH);
        String cause = limited(optionalText(detail, "cause", "detail.cause"), "detail.cause", MAX_CAUSE_LENGTH);
        return new StatusChangeEvent(
                eventId,
                eventTime,
                optionalText(envelope, "region", "region"),
                optionalText(envelope, "account", "account"),
                executionArn,
                stateMachineArn,
                name != null ? name : executionArn.substring(executionArn.lastIndexOf(':') + 1),
                status,
                startDate,
                epochMillis(detail, "stopDate", false),
                optionalText(detail, "input", "detail.input"),
                omitted(detail, "inputDetails"),
                optionalText(detail, "output", "detail.output"),
                omitted(detail, "outputDetails"),
                error,
                cause,
                optionalText(detail, "stateMachineVersionArn", "detail.stateMachineVersionArn"),
                optionalText(detail, "stateMachineAliasArn", "detail.stateMachineAliasArn"),
                redriveCount(detail),
                epochMillis(detail, "redriveDate", false),
                optionalText(detail, "redriveStatus", "detail.redriveStatus"),
                optionalText(detail, "redriveStatusReason", "detail.redriveStatusReason"),
                body);
    }

    private JsonNode readJson(String body) throws InvalidEventException {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidEventException("empty message body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("message body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void requireEquals(JsonNode node, String field, String expected) throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(field + " is missing (expected '" + expected + "')");
        }
        if (!value.isTextual() || !value.asText().equals(expected)) {
            throw new InvalidEventException(field + " is " + abbreviate(value.toString()) + ", expected '" + expected + "'");
        }
    }

    private static String requiredText(JsonNode node, String field, String path) throws InvalidEventException {
        String text = optionalText(node, field, path);
        if (text == null || text.isBlank()) {
            throw new InvalidEventException(path + " is missing or empty");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String field, String path) throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(path + " must be a string, got " + value.getNodeType().name().toLowerCase()
                    + " " + abbreviate(value.toString()));
        }
        return value.asText();
    }

    private static Instant optionalIsoTime(JsonNode node, String field) throws InvalidEventException {
        String text = optionalText(node, field, field);
        if (text == null) {
            return null;
        }
        try {
            return EventTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " is not an ISO-8601 instant: " + abbreviate(text));
        }
    }

    private static Instant epochMillis(JsonNode detail, String field, boolean required) throws InvalidEventException {
        JsonNode value = detail.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidEventException("detail." + field + " is missing (epoch milliseconds expected)");
            }
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new InvalidEventException("detail." + field + " must be epoch milliseconds (a non-negative integer), got "
                    + abbreviate(value.toString()));
        }
        return Instant.ofEpochMilli(value.asLong());
    }

    private static int redriveCount(JsonNode detail) throws InvalidEventException {
        JsonNode value = detail.get("redriveCount");
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            throw new InvalidEventException("detail.redriveCount must be a non-negative integer, got "
                    + abbreviate(value.toString()));
        }
        return value.asInt();
    }

    private static boolean omitted(JsonNode detail, String field) throws InvalidEventException {
        JsonNode details = detail.get(field);
        if (details == null || details.isNull()) {
            return false;
        }
        JsonNode included = details.get("included");
        if (!details.isObject() || (included != null && !included.isBoolean())) {
            throw new InvalidEventException("detail." + field + " must be an object with a boolean 'included', got "
                    + abbreviate(details.toString()));
        }
        return included != null && !included.asBoolean();
    }

    private static String limited(String text, String path, int limit) throws InvalidEventException {
        if (text != null && text.length() > limit) {
            throw new InvalidEventException(path + " is " + text.length() + " characters; Step Functions sends at most "
                    + limit);
        }
        return text;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}

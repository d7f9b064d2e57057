package oriole.recorder.event;

import oriole.recorder.contract.RecorderEnvironment;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import oriole.recorder.json.JsonPointerValues;
import java.util.Map;
import java.util.function.Function;
import oriole.recorder.status.ExecutionStatus;

/**
 * Reads the experiment fields that live inside an execution's input and output (JSON documents carried as
 * strings). Where they are is configurable by JSON pointers; a missing, omitted or non-JSON document, or a
 * value of the wrong type, yields null: it never makes the event invalid.
 */
public final class ExperimentProjection {

    public static final String MESSAGE_ID_POINTER_VARIABLE = RecorderEnvironment.MESSAGE_ID_POINTER;
    public static final String GOAL_FOUND_POINTER_VARIABLE = RecorderEnvironment.GOAL_FOUND_POINTER;
    public static final String MODEL_NAME_POINTER_VARIABLE = RecorderEnvironment.MODEL_NAME_POINTER;
    public static final String TEMPERATURE_POINTER_VARIABLE = RecorderEnvironment.TEMPERATURE_POINTER;
    public static final String CAUGHT_ERROR_POINTER_VARIABLE = RecorderEnvironment.CAUGHT_ERROR_POINTER;

    private final JsonPointerValues inInput;
    private final JsonPointerValues inOutput;

    public ExperimentProjection(ObjectMapper json, String messageId, String goalFound, String modelName,
            String temperature, String caughtError) {
        this.inInput = new JsonPointerValues(json, List.of(JsonPointer.compile(messageId), JsonPointer.compile(modelName),
                JsonPointer.compile(temperature)));
        this.inOutput = new JsonPointerValues(json, List.of(JsonPointer.compile(goalFound),
                JsonPointer.compile(caughtError)));
    }

    public static ExperimentProjection defaults(ObjectMapper json) {
        return fromEnvironment(json, Map.of());
    }

    /** Pointers from the environment, each defaulting to the field name the oriole workflow uses. */
    public static ExperimentProjection fromEnvironment(ObjectMapper json, Map<String, String> environment) {
        return new ExperimentProjection(json,
                environment.getOrDefault(MESSAGE_ID_POINTER_VARIABLE, RecorderEnvironment.DEFAULT_MESSAGE_ID_POINTER),
                environment.getOrDefault(GOAL_FOUND_POINTER_VARIABLE, RecorderEnvironment.DEFAULT_GOAL_FOUND_POINTER),
                environment.getOrDefault(MODEL_NAME_POINTER_VARIABLE, RecorderEnvironment.DEFAULT_MODEL_NAME_POINTER),
                environment.getOrDefault(TEMPERATURE_POINTER_VARIABLE, RecorderEnvironment.DEFAULT_TEMPERATURE_POINTER),
                environment.getOrDefault(CAUGHT_ERROR_POINTER_VARIABLE, RecorderEnvironment.DEFAULT_CAUGHT_ERROR_POINTER));
    }

    /**
     * The fields this event carries. Never throws: a value that cannot be read (a number beyond a double,
     * a document nested too deep) is null, like a missing one; the event itself is still recorded.
     */
    public ExperimentFields project(StatusChangeEvent event) {
        JsonNode[] input = readQuietly(inInput, event.input());
        JsonNode[] output = event.status() == ExecutionStatus.SUCCEEDED ? readQuietly(inOutput, event.output()) : null;
        return new ExperimentFields(
                input == null ? null : quietly(input[0], ExperimentProjection::text),
                output == null ? null : quietly(output[0], ExperimentProjection::bool),
                input == null ? null : quietly(input[1], ExperimentProjection::text),
                input == null ? null : quietly(input[2], ExperimentProjection::number),
                output == null ? null : quietly(output[1], ExperimentProjection::caughtError));
    }

    private static JsonNode[] readQuietly(JsonPointerValues values, String document) {
        try {
            return values.read(document);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static <T> T quietly(JsonNode value, Function<JsonNode, T> reader) {
        try {
            return reader.apply(value);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String text(JsonNode value) {
        return value.isTextual() || value.isNumber() ? value.asText() : null;
    }

    private static Boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.valueOf(value.asText());
        }
        return null;
    }

    /** {@code {"Error": …, "Cause": …}} with at least one of them text; null for anything else. */
    private static CaughtError caughtError(JsonNode value) {
        if (!value.isObject()) {
            return null;
        }
        JsonNode error = value.get("Error");
        JsonNode cause = value.get("Cause");
        String errorText = error != null && error.isTextual() ? error.asText() : null;
        String causeText = cause != null && cause.isTextual() ? cause.asText() : null;
        return errorText == null && causeText == null ? null : new CaughtError(errorText, causeText);
    }

    /** A finite number (JSON number or numeric text); null for anything else, infinities and NaN included. */
    private static BigDecimal number(JsonNode value) {
        if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            return null; // 1e400 read as a double is infinite
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    /** The experiment fields one event carries; each may be null. */
    public record ExperimentFields(String sqsMessageId, Boolean goalFound, String modelName, BigDecimal temperature,
            CaughtError caughtError) {

        public ExperimentFields(String sqsMessageId, Boolean goalFound, String modelName, BigDecimal temperature) {
            this(sqsMessageId, goalFound, modelName, temperature, null);
        }
    }

    /** An error the workflow caught and left in its output (a Catch's ResultPath): Step Functions' Error and Cause. */
    public record CaughtError(String error, String cause) {
    }
}

package oriole.recorder.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Map;

/**
 * Reads an envelope's fields from a JSON tree: slower than {@link EnvelopeStream}, but it takes any body and
 * names exactly what is wrong with it (not JSON, not an object, a field of the wrong type, and that value).
 */
final class EnvelopeTree {

    private final ObjectReader json;

    EnvelopeTree(ObjectMapper json) {
        // A body with anything after the envelope is not one event.
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    EnvelopeFields read(String body) throws InvalidEventException {
        JsonNode envelope = readJson(body);
        if (!envelope.isObject()) {
            throw new InvalidEventException("message body is JSON but not an object (" + envelope.getNodeType() + ")");
        }
        EnvelopeFields fields = new EnvelopeFields();
        for (Map.Entry<String, JsonNode> entry : envelope.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (field.equals("detail")) {
                fields.hasDetail = value.isObject();
                if (value.isObject()) {
                    readDetail(value, fields);
                }
            } else if (isText(value)) {
                fields.setEnvelopeText(field, text(value));
            } else if (fields.setEnvelopeText(field, null)) {
                throw EventParser.EXPECTED_VALUES.containsKey(field)
                        ? EventParser.unexpectedValue(field, value.toString())
                        : notText(field, value);
            }
        }
        return fields;
    }

    private static void readDetail(JsonNode detail, EnvelopeFields fields) throws InvalidEventException {
        for (Map.Entry<String, JsonNode> entry : detail.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (EnvelopeFields.isIntegerField(field)) {
                if (!value.isNull() && !(value.isIntegralNumber() && value.canConvertToLong())) {
                    throw EventParser.notAnInteger(field, value.toString());
                }
                fields.setDetailInteger(field, value.isNull() ? null : value.asLong());
            } else if (EnvelopeFields.isDetailsField(field)) {
                fields.setIncluded(field, included(field, value));
            } else if (isText(value)) {
                fields.setDetailText(field, text(value));
            } else if (fields.setDetailText(field, null)) {
                throw notText("detail." + field, value);
            }
        }
    }

    /** {@code inputDetails}/{@code outputDetails}: null, or an object whose {@code included}, if there, is a boolean. */
    private static Boolean included(String field, JsonNode details) throws InvalidEventException {
        if (details.isNull()) {
            return null;
        }
        JsonNode included = details.get("included");
        if (!details.isObject() || (included != null && !included.isBoolean())) {
            throw new InvalidEventException("detail." + field + " must be an object with a boolean 'included', got "
                    + EventParser.abbreviate(details.toString()));
        }
        return included == null ? null : included.asBoolean();
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

    private static boolean isText(JsonNode value) {
        return value.isNull() || value.isTextual();
    }

    private static String text(JsonNode value) {
        return value.isNull() ? null : value.asText();
    }

    private static InvalidEventException notText(String path, JsonNode value) {
        return new InvalidEventException(path + " must be a string, got " + value.getNodeType().name().toLowerCase()
                + " " + EventParser.abbreviate(value.toString()));
    }
}

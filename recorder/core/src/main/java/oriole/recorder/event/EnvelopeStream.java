package oriole.recorder.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads an envelope's fields in one pass over the JSON, without building a tree: the recorder's hot path.
 * It only takes envelopes whose every known field has the expected JSON type; for anything else (not JSON,
 * wrong types, trailing text, a second {@code detail}) it answers null and {@link EnvelopeTree} reads the
 * body again to say exactly what is wrong. Repeated fields: the last one wins, as in a JSON tree.
 *
 * <p>Kept because it pays: a JSON tree per envelope took over a third of the recorder's worker CPU; reading
 * in one pass was the largest single gain that brought the recorder from 0.68 to 0.87 of the ceiling at batch
 * 10 ({@code bench}, docs/performance.md). {@code EnvelopeReadersAgreeTest} keeps both readers equal.
 */
final class EnvelopeStream {

    private final JsonFactory factory;

    EnvelopeStream(JsonFactory factory) {
        this.factory = factory;
    }

    /** The fields, or null if this body needs the tree reader. */
    EnvelopeFields read(String body) {
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            EnvelopeFields fields = new EnvelopeFields();
            if (!readEnvelope(parser, fields)) {
                return null;
            }
            return parser.nextToken() == null ? fields : null;
        } catch (IOException notPlainJson) {
            return null;
        }
    }

    private static boolean readEnvelope(JsonParser parser, EnvelopeFields fields) throws IOException {
        boolean detailSeen = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("detail")) {
                if (detailSeen || value != JsonToken.START_OBJECT) {
                    return false;
                }
                detailSeen = true;
                fields.hasDetail = true;
                if (!readDetail(parser, fields)) {
                    return false;
                }
            } else if (isText(value)) {
                fields.setEnvelopeText(field, text(parser, value));
            } else if (fields.setEnvelopeText(field, null)) {
                return false; // a known text field of another type: the tree reader says which
            } else {
                parser.skipChildren();
            }
        }
        return true;
    }

    private static boolean readDetail(JsonParser parser, EnvelopeFields fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (EnvelopeFields.isIntegerField(field)) {
                if (value == JsonToken.VALUE_NULL) {
                    fields.setDetailInteger(field, null);
                } else if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    fields.setDetailInteger(field, parser.getLongValue());
                } else {
                    return false;
                }
            } else if (EnvelopeFields.isDetailsField(field)) {
                if (value == JsonToken.VALUE_NULL) {
                    fields.setIncluded(field, null);
                } else if (value != JsonToken.START_OBJECT || !readDetails(parser, fields, field)) {
                    return false;
                }
            } else if (isText(value)) {
                fields.setDetailText(field, text(parser, value));
            } else if (fields.setDetailText(field, null)) {
                return false; // a known text field of another type: the tree reader says which
            } else {
                parser.skipChildren();
            }
        }
        return true;
    }

    /** {@code inputDetails}/{@code outputDetails}: an object whose {@code included}, if there, is a boolean. */
    private static boolean readDetails(JsonParser parser, EnvelopeFields fields, String detailsField) throws IOException {
        fields.setIncluded(detailsField, null);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("included")) {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    return false;
                }
                fields.setIncluded(detailsField, value == JsonToken.VALUE_TRUE);
            } else {
                parser.skipChildren();
            }
        }
        return true;
    }

    private static boolean isText(JsonToken value) {
        return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : parser.getText();
    }
}

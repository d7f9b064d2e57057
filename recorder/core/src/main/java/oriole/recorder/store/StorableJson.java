package oriole.recorder.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Map;

/**
 * A JSON document as {@code jsonb} can hold it (the stored event body). {@code jsonb} refuses the escape
 * {@code \\u0000}, an unpaired surrogate escape, and numbers beyond {@code numeric}; a raw NUL or unpaired
 * surrogate cannot travel as UTF-8. One pass finds whether a document has any of these (almost none does,
 * and then it is stored exactly as received); only such a document is rewritten: strings and names cleaned
 * as {@link StorableText#text}, out-of-range numbers kept as their text, and a top-level
 * {@value #CLEANED_FIELD} saying so.
 */
public final class StorableJson {

    public static final String CLEANED_FIELD = "recorderCleaned";
    static final String CLEANED_NOTE = "stored cleaned: NUL and unpaired surrogates replaced by U+FFFD,"
            + " numbers beyond PostgreSQL numeric kept as strings";

    /** Built on the first document that needs a rewrite (almost none does), not at the Lambda's cold start. */
    private static final class Rewriter {
        static final ObjectMapper JSON = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }
    /** A longer run of digits outside strings may exceed numeric; the rewrite decides exactly. */
    private static final int PLAIN_DIGITS = 18;

    private StorableJson() {
    }

    public static String clean(String json) {
        return json == null || !needsCleaning(json) ? json : rewrite(json);
    }

    /** Whether the document holds something jsonb refuses (or a number that might be beyond numeric). */
    static boolean needsCleaning(String json) {
        boolean inString = false;
        int digits = 0;
        int n = json.length();
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c == '\\') {
                    if (i + 1 < n && json.charAt(i + 1) == 'u') {
                        int unit = hex4(json, i + 2);
                        if (unit <= 0 || Character.isLowSurrogate((char) unit)) {
                            return true; // the escape of NUL, a lone low surrogate, or a broken escape
                        }
                        if (Character.isHighSurrogate((char) unit)) {
                            if (!(i + 7 < n && json.charAt(i + 6) == '\\' && json.charAt(i + 7) == 'u'
                                    && hex4(json, i + 8) > 0 && Character.isLowSurrogate((char) hex4(json, i + 8)))) {
                                return true;
                            }
                            i += 6;
                        }
                        i += 5;
                    } else {
                        i++;
                    }
                } else if (c == 0) {
                    return true;
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1))) {
                        i++;
                    } else {
                        return true;
                    }
                }
            } else if (c == '"') {
                inString = true;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > PLAIN_DIGITS) {
                    return true;
                }
            } else if ((c == 'e' || c == 'E') && digits > 0) {
                return true; // an exponent: the rewrite checks its range
            } else if (c != '.') {
                digits = 0;
            }
        }
        return false;
    }

    private static int hex4(String json, int from) {
        if (from + 4 > json.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(json.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static String rewrite(String json) {
        JsonNode document;
        try {
            document = Rewriter.JSON.readTree(json);
        } catch (IOException | RuntimeException unreadable) {
            // Not reached for a parsed envelope; still, the event is kept rather than refused.
            return TextNode.valueOf(StorableText.text(json)).toString();
        }
        JsonNode clean = cleaned(document);
        if (clean instanceof ObjectNode object) {
            object.put(CLEANED_FIELD, CLEANED_NOTE);
        }
        return clean.toString();
    }

    private static JsonNode cleaned(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(StorableText.text(node.textValue()));
        }
        if (node.isNumber() && !node.isIntegralNumber() || node.isBigInteger()) {
            return StorableText.numeric(node.decimalValue()) != null ? node : TextNode.valueOf(node.asText());
        }
        if (node.isArray()) {
            ArrayNode array = Rewriter.JSON.createArrayNode();
            node.forEach(element -> array.add(cleaned(element)));
            return array;
        }
        if (node.isObject()) {
            ObjectNode object = Rewriter.JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                object.set(StorableText.text(property.getKey()), cleaned(property.getValue()));
            }
            return object;
        }
        return node;
    }
}

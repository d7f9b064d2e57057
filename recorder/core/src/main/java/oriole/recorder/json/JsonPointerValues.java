package oriole.recorder.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The values at a few JSON pointers of one document (an execution's input or output), as
 * {@code readTree(document).at(pointer)} gives them. When every pointer names a top-level property (the
 * defaults do) and the document is an object, one streaming pass reads only those properties as trees and
 * skips the rest, instead of building the tree of the whole document for every event.
 */
public final class JsonPointerValues {

    private final ObjectMapper json;
    private final List<JsonPointer> pointers;
    /** The property each pointer names, when all name a top-level property; null otherwise. */
    private final String[] topLevelProperties;

    public JsonPointerValues(ObjectMapper json, List<JsonPointer> pointers) {
        this.json = json;
        this.pointers = List.copyOf(pointers);
        this.topLevelProperties = pointers.stream().allMatch(JsonPointerValues::isTopLevelProperty)
                ? pointers.stream().map(JsonPointer::getMatchingProperty).toArray(String[]::new)
                : null;
    }

    /** One value per pointer (a MissingNode where there is none); null when the document is absent or not JSON. */
    public JsonNode[] read(String document) {
        return read(document, topLevelProperties != null);
    }

    /** The tree reader alone: what {@link #read} must always agree with. */
    JsonNode[] readAsTree(String document) {
        return read(document, false);
    }

    private JsonNode[] read(String document, boolean streaming) {
        if (document == null || document.isBlank()) {
            return null;
        }
        try {
            JsonNode[] streamed = streaming ? streamTopLevel(document) : null;
            return streamed != null ? streamed : fromTree(json.readTree(document));
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** The values, or null when the document is not an object (the tree reader then decides). */
    private JsonNode[] streamTopLevel(String document) throws IOException {
        try (JsonParser parser = json.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode[] values = new JsonNode[topLevelProperties.length];
            Arrays.fill(values, MissingNode.getInstance());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String property = parser.currentName();
                parser.nextToken();
                JsonNode value = null;
                for (int i = 0; i < topLevelProperties.length; i++) {
                    if (topLevelProperties[i].equals(property)) {
                        value = value != null ? value : valueAsTree(parser);
                        values[i] = value;
                    }
                }
                if (value == null) {
                    parser.skipChildren();
                }
            }
            return values;
        }
    }

    /** Text, booleans and null made directly; numbers and containers through the mapper, so nodes are identical. */
    private static JsonNode valueAsTree(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> parser.readValueAsTree();
        };
    }

    private JsonNode[] fromTree(JsonNode document) {
        JsonNode[] values = new JsonNode[pointers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = document.at(pointers.get(i));
        }
        return values;
    }

    private static boolean isTopLevelProperty(JsonPointer pointer) {
        return !pointer.matches() && pointer.tail().matches() && pointer.getMatchingProperty() != null;
    }
}

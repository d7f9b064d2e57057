package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Database values as the API writes them: times as UTC instants, numbers as numbers, the rest as text. */
final class JsonValues {

    private JsonValues() {
    }

    static ObjectNode object(ObjectMapper json, Map<String, Object> values) {
        ObjectNode node = json.createObjectNode();
        values.forEach((name, value) -> put(node, name, value));
        return node;
    }

    static void put(ObjectNode node, String name, Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof OffsetDateTime time) {
            node.put(name, DateTimeFormatter.ISO_INSTANT.format(time.toInstant()));
        } else if (value instanceof BigDecimal decimal) {
            node.put(name, decimal);
        } else if (value instanceof Long number) {
            node.put(name, number);
        } else if (value instanceof Integer number) {
            node.put(name, number);
        } else if (value instanceof Boolean flag) {
            node.put(name, flag);
        } else {
            node.put(name, value.toString());
        }
    }

    static String utc(OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
    }
}

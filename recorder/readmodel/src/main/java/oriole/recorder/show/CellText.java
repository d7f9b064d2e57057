package oriole.recorder.show;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a database value reads in a table cell, and in JSON. */
public final class CellText {
    private CellText() {
    }

    public static Object of(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof OffsetDateTime time) {
            return DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
        }
        if (value instanceof java.sql.Timestamp time) {
            return DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
        }
        return value;
    }

    /** A temperature as every page and table writes it: 0.0, 0.7, 1.0 (at least one decimal, no trailing zeros). */
    public static String temperature(BigDecimal temperature) {
        if (temperature == null) {
            return null;
        }
        BigDecimal plain = temperature.stripTrailingZeros();
        return plain.scale() < 1 ? plain.setScale(1).toPlainString() : plain.toPlainString();
    }

    /** A row for JSON: numbers, booleans and nulls as they are, everything else as its cell text (times as UTC instants). */
    public static Map<String, Object> row(Map<String, Object> row) {
        Map<String, Object> plain = new LinkedHashMap<>();
        row.forEach((column, value) -> plain.put(column, value instanceof Number || value instanceof Boolean
                || value == null ? value : of(value).toString()));
        return plain;
    }
}

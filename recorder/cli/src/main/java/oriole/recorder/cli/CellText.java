package oriole.recorder.cli;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** How a database value reads in a table cell. */
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
}

package oriole.recorder.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * EventBridge's {@code time}: always {@code yyyy-MM-ddTHH:mm:ssZ}, parsed directly (the general ISO parser
 * costs more than the rest of the envelope); anything else still goes through {@link Instant#parse}.
 */
final class EventTimes {

    private EventTimes() {
    }

    static Instant parse(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            try {
                return LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2), digits(text, 11, 2),
                        digits(text, 14, 2), digits(text, 17, 2)).toInstant(ZoneOffset.UTC);
            } catch (RuntimeException notADate) {
                throw new DateTimeParseException("not an instant", text, 0);
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

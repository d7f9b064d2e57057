package oriole.recorder.window;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** An instant as {@code --at} and {@code ?at=} take it: ISO-8601 in UTC, between 1970 and 9999. */
public final class Moment {

    static final String EXPECTED = "an instant like 2026-01-01T18:00:00Z (UTC, between 1970 and 9999)";
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Moment() {
    }

    /** The instant {@code text} writes, or an {@link IllegalArgumentException} saying the expected form. */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        return instant;
    }
}

package oriole.recorder.window;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration written like {@code 90s}, {@code 15m}, {@code 24h} or {@code 7d}; PostgreSQL reads {@link #sql()}. */
public record Interval(long amount, String unit, String text) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([smhd])");
    /** Ten years: longer than any history kept, short enough that every instant minus it is a date PostgreSQL has. */
    public static final long MAX_SECONDS = 3650L * 86400;
    /**
     * Every run ever recorded ({@code all}): 4,000 years back, before any timestamp a run can have and still a date
     * PostgreSQL has (it goes back to 4713 BC), so the queries keep one form for every window.
     */
    public static final Interval ALL = new Interval(4000L * 365, "d", "all");

    /** The interval {@code value} writes, or an {@link IllegalArgumentException} saying the expected form. */
    public static Interval parse(String value) {
        if (value.strip().equals(ALL.text())) {
            return ALL;
        }
        Matcher m = FORMAT.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration like 90s, 15m, 24h or 7d, nor all");
        }
        Interval interval = new Interval(Long.parseLong(m.group(1)), m.group(2), value.strip());
        if (interval.seconds() > MAX_SECONDS) {
            throw new IllegalArgumentException("'" + value + "' is longer than 3650d (ten years), the longest window");
        }
        return interval;
    }

    public boolean all() {
        return this == ALL || text.equals(ALL.text());
    }

    /** The window as a person says it: "last 24h", or "all time". */
    public String phrase() {
        return all() ? "all time" : "last " + text;
    }

    public String sql() {
        return amount + " " + switch (unit) {
            case "s" -> "seconds";
            case "m" -> "minutes";
            case "h" -> "hours";
            default -> "days";
        };
    }

    public long seconds() {
        return amount * switch (unit) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86400;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}

package oriole.recorder.web;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request's query string, read into bounded values or refused: every value a page or the API is asked for
 * becomes a short string, a small number or one of a list here, or the request is a 400 saying what is expected.
 * Nothing unbounded (a 1e999999999 temperature, a NUL in a name) gets as far as a page or the database.
 */
final class RequestParameters {

    /** Longer than any ARN a run can have and every filter together; a longer query string is refused. */
    static final int MAX_QUERY_LENGTH = 4096;
    static final int MAX_TEXT_LENGTH = 2048;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,6}(\\.\\d{1,9})?");

    private final Map<String, String> values;

    private RequestParameters(Map<String, String> values) {
        this.values = values;
    }

    /** The query string's parameters (the last of a repeated name wins), blank values as absent. */
    static RequestParameters parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new RequestParameters(values);
        }
        if (rawQuery.length() > MAX_QUERY_LENGTH) {
            throw new BadRequest("the query string is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                String decoded = URLDecoder.decode(value, StandardCharsets.UTF_8).strip();
                values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), decoded);
            } catch (IllegalArgumentException malformed) {
                throw new BadRequest("malformed query string (expected name=value pairs, percent-encoded)");
            }
        }
        values.values().removeIf(String::isEmpty);
        return new RequestParameters(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value, for parsers of their own (intervals, instants); null when absent. */
    String raw(String name) {
        return values.get(name);
    }

    /** Text a person typed (a model, a name): at most {@link #MAX_TEXT_LENGTH} characters, no control character. */
    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new BadRequest(name + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
            throw new BadRequest(name + " holds a control character (no stored value does)");
        }
        return value;
    }

    /** One of {@code allowed}, or null when absent. */
    String oneOf(String name, List<String> allowed) {
        String value = values.get(name);
        if (value != null && !allowed.contains(value)) {
            throw new BadRequest(name + " must be one of " + String.join(" ", allowed));
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}, else {@code absent}. */
    long whole(String name, long min, long max, long absent) {
        String value = values.get(name);
        if (value == null) {
            return absent;
        }
        if (!WHOLE_NUMBER.matcher(value).matches() || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            throw new BadRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return Long.parseLong(value);
    }

    /** A plain decimal like 0.7 (at most 6 digits before the point and 9 after), or null when absent. */
    BigDecimal decimal(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw new BadRequest(name + " must be a number like 0.7 (at most 6 digits before the point and 9 after)");
        }
        return new BigDecimal(value);
    }
}

package oriole.recorder.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Values as PostgreSQL can hold them: the one place where untrusted content is made storable, so that no
 * content of an event ever costs its status change. PostgreSQL's {@code text} cannot hold U+0000 and UTF-8
 * cannot carry an unpaired surrogate: both become U+FFFD. A value over an index's limit, or a number beyond
 * {@code numeric}'s range, is stored as NULL (a prefix of a message id would correlate the wrong rows).
 */
public final class StorableText {

    /** What replaces a character PostgreSQL cannot store. */
    public static final char REPLACEMENT = '\uFFFD';

    /**
     * A B-tree entry holds at most about 2,700 bytes (a third of an 8 kB page); an indexed text over this many
     * UTF-8 bytes is stored as NULL.
     */
    static final int MAX_INDEXED_BYTES = 2000;
    /** numeric: up to 131,072 digits before the decimal point and 16,383 after. */
    private static final int MAX_NUMERIC_INTEGER_DIGITS = 131_072;
    private static final int MAX_NUMERIC_FRACTION_DIGITS = 16_383;

    private StorableText() {
    }

    /** {@code text} with NUL and unpaired surrogates replaced by U+FFFD; the same instance when there are none. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnstorable(text);
        if (first < 0) {
            return text;
        }
        StringBuilder clean = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else {
                clean.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return clean.toString();
    }

    /** A text for an indexed column: cleaned, or NULL when it is too long for the index. */
    public static String indexed(String text) {
        String clean = text(text);
        if (clean == null || clean.length() * 3 <= MAX_INDEXED_BYTES) {
            return clean;
        }
        return clean.getBytes(StandardCharsets.UTF_8).length <= MAX_INDEXED_BYTES ? clean : null;
    }

    /** The number, or NULL when it is beyond what PostgreSQL's {@code numeric} holds. */
    public static BigDecimal numeric(BigDecimal number) {
        if (number == null) {
            return null;
        }
        long integerDigits = (long) number.precision() - number.scale();
        return integerDigits > MAX_NUMERIC_INTEGER_DIGITS || number.scale() > MAX_NUMERIC_FRACTION_DIGITS ? null : number;
    }

    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}

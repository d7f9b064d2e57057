package oriole.recorder.text;

/**
 * Untrusted text made safe to show: control characters (C0, DEL, C1), line and paragraph separators,
 * bidirectional overrides and unpaired surrogates are written as {@code \\uXXXX}, so a cause cannot move
 * the cursor, ring the bell, recolour a terminal or reorder what is shown around it.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** One line: every control character escaped, tabs and newlines included. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** A block of lines: as {@link #line} but newlines and tabs kept. */
    public static String block(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLayout) {
        if (text == null) {
            return null;
        }
        int first = firstToEscape(text, keepLayout);
        if (first < 0) {
            return text;
        }
        StringBuilder visible = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                visible.append(c).append(text.charAt(++i));
            } else if (mustEscape(c, keepLayout)) {
                visible.append(String.format("\\u%04X", (int) c));
            } else {
                visible.append(c);
            }
        }
        return visible.toString();
    }

    private static int firstToEscape(String text, boolean keepLayout) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (mustEscape(c, keepLayout)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean mustEscape(char c, boolean keepLayout) {
        if (c < 0x20) {
            return !(keepLayout && (c == '\n' || c == '\t'));
        }
        return (c >= 0x7F && c <= 0x9F)
                || c == '\u2028' || c == '\u2029'
                || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || Character.isSurrogate(c);
    }
}

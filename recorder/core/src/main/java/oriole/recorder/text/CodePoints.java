package oriole.recorder.text;

/**
 * Lengths and cuts in characters (Unicode code points), the unit AWS counts its limits in: a
 * 32,768-character cause of emoji is 65,536 Java {@code char}s, and a cut never splits a surrogate pair.
 */
public final class CodePoints {

    private CodePoints() {
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** {@code text} if it has at most {@code limit} characters, else its first {@code limit} characters and {@code marker}. */
    public static String truncate(String text, int limit, String marker) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int characters = length(text);
        if (characters <= limit) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, limit)) + marker;
    }
}

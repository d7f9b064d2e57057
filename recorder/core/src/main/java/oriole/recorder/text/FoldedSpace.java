package oriole.recorder.text;

/** Runs of whitespace as one space, trimmed: what {@code replaceAll("\\s+", " ").trim()} gives, without a regex. */
public final class FoldedSpace {

    private FoldedSpace() {
    }

    public static String of(String text) {
        StringBuilder line = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isRegexSpace(c)) {
                pendingSpace = line.length() > 0;
            } else {
                if (pendingSpace) {
                    line.append(' ');
                    pendingSpace = false;
                }
                line.append(c);
            }
        }
        return line.toString().trim();
    }

    /** The characters of the regular expression class {@code \\s}: space, \\t, \\n, \\x0B, \\f, \\r. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}

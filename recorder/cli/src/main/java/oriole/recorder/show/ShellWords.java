package oriole.recorder.show;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Words for a POSIX shell command line: a word of only safe characters as it is, any other in single quotes
 * (a single quote inside written {@code '\''}), so that a value from someone else's program is one argument,
 * never code. Control characters cannot be typed into a terminal safely: they are refused as values here, the
 * caller prints them escaped instead of a command.
 */
public final class ShellWords {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words joined by spaces, each quoted as needed. */
    public static String command(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }

    /** Whether the text can go into a command line as a quoted word (no control characters, NUL or unpaired halves). */
    public static boolean typeable(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0xFFFD || c >= 0xD800 && c <= 0xDFFF);
    }
}

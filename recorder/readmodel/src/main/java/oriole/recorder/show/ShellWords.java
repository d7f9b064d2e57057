package oriole.recorder.show;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Values for a POSIX shell: the one place a value from the database becomes part of a command someone pastes.
 * A word of only harmless characters stays as it is (ARNs read as ARNs); anything else is single-quoted, where
 * the shell reads every character literally, a single quote itself written as {@code '\''}. Control characters
 * cannot be typed into a terminal safely: {@link #typeable} says so, and the caller prints such a value escaped
 * instead of a command.
 */
public final class ShellWords {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@+-]+");

    private ShellWords() {
    }

    public static String quote(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
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

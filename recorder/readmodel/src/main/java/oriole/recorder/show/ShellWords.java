package oriole.recorder.show;

import java.util.regex.Pattern;

/**
 * Values for a POSIX shell: the one place a value from the database becomes part of a command someone pastes.
 * A word of only harmless characters stays as it is (ARNs read as ARNs); anything else is single-quoted, where
 * the shell reads every character literally, a single quote itself written as {@code '\''}.
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
}

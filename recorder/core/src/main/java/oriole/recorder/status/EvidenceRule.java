package oriole.recorder.status;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One failure kind's evidence: phrases searched for in an error and its cause, each a plain substring where
 * it can be (a regular expression of thirty alternatives, case-insensitive, costs microseconds per failure;
 * {@code indexOf} costs nanoseconds) and a regular expression only where it must be.
 * Case-insensitive rules fold ASCII letters only, exactly as {@code Pattern.CASE_INSENSITIVE} does.
 */
record EvidenceRule(FailureKind kind, boolean ignoreCase, List<String> phrases, List<Pattern> patterns) {

    static EvidenceRule exact(FailureKind kind, List<String> phrases, String... patterns) {
        return new EvidenceRule(kind, false, List.copyOf(phrases), compile(patterns, 0));
    }

    static EvidenceRule ignoringCase(FailureKind kind, List<String> phrases, String... patterns) {
        return new EvidenceRule(kind, true, phrases.stream().map(EvidenceRule::asciiLowerCase).toList(),
                compile(patterns, Pattern.CASE_INSENSITIVE));
    }

    /** Whether the evidence holds one of the phrases; {@code folded} is the evidence through {@link #asciiLowerCase}. */
    boolean matches(String evidence, String folded) {
        String text = ignoreCase ? folded : evidence;
        for (String phrase : phrases) {
            if (text.contains(phrase)) {
                return true;
            }
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(evidence).find()) {
                return true;
            }
        }
        return false;
    }

    static String asciiLowerCase(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? text : new String(chars);
    }

    private static List<Pattern> compile(String[] patterns, int flags) {
        return java.util.Arrays.stream(patterns).map(pattern -> Pattern.compile(pattern, flags)).toList();
    }
}

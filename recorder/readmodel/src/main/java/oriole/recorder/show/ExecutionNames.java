package oriole.recorder.show;

/**
 * Execution names as Step Functions accepts them (StartExecution's {@code name}): 1 to 80 characters, none of
 * them whitespace, a bracket, a wildcard, a control character or one of {@code " # % \ ^ | ~ ` $ & , ; : /}. A row
 * whose name breaks this came from a forged event: nothing is built from it.
 */
public final class ExecutionNames {

    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

    private ExecutionNames() {
    }

    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 80) {
            return false;
        }
        return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE || FORBIDDEN.indexOf(c) >= 0);
    }
}

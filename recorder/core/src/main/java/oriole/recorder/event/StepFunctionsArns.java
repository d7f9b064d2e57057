package oriole.recorder.event;

/**
 * Shape checks for Step Functions ARNs, by structure rather than by regular expression (they run twice
 * for every event): {@code arn:PARTITION:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME} and
 * {@code arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME}, account 12 digits, names 1-80 characters
 * (code points) without colons, whitespace or control characters. A Distributed Map's child executions belong to the
 * state machine {@code PARENT/MAP_LABEL}, each side a name of its own. The parts are checked in place, between the
 * colons: no substrings.
 */
final class StepFunctionsArns {

    private static final int MAX_NAME_CHARACTERS = 80;

    private StepFunctionsArns() {
    }

    static boolean isExecution(String arn) {
        int[] colons = colons(arn, 7);
        return colons != null && isStatesArn(arn, colons) && is(arn, colons, 5, "execution")
                && isStateMachineName(arn, colons, 6) && isName(arn, colons, 7);
    }

    static boolean isStateMachine(String arn) {
        int[] colons = colons(arn, 6);
        return colons != null && isStatesArn(arn, colons) && is(arn, colons, 5, "stateMachine")
                && isStateMachineName(arn, colons, 6);
    }

    /** A state machine's name, or a Distributed Map's {@code PARENT/LABEL}: one slash at most, a name each side. */
    private static boolean isStateMachineName(String arn, int[] bounds, int part) {
        int start = start(bounds, part);
        int end = end(bounds, part);
        int slash = arn.indexOf('/', start);
        if (slash < 0 || slash >= end) {
            return isName(arn, start, end);
        }
        int second = arn.indexOf('/', slash + 1);
        boolean oneSlash = second < 0 || second >= end;
        return oneSlash && isName(arn, start, slash) && isName(arn, slash + 1, end);
    }

    /** The positions of exactly {@code count} colons, with -1 before and the length after; null for any other count. */
    private static int[] colons(String arn, int count) {
        int[] bounds = new int[count + 2];
        bounds[0] = -1;
        int found = 0;
        for (int i = 0; i < arn.length(); i++) {
            if (arn.charAt(i) == ':') {
                if (found == count) {
                    return null;
                }
                bounds[++found] = i;
            }
        }
        if (found != count) {
            return null;
        }
        bounds[count + 1] = arn.length();
        return bounds;
    }

    private static int start(int[] bounds, int part) {
        return bounds[part] + 1;
    }

    private static int end(int[] bounds, int part) {
        return bounds[part + 1];
    }

    private static boolean is(String arn, int[] bounds, int part, String expected) {
        int start = start(bounds, part);
        return end(bounds, part) - start == expected.length() && arn.startsWith(expected, start);
    }

    private static boolean isStatesArn(String arn, int[] bounds) {
        return is(arn, bounds, 0, "arn") && isPartition(arn, start(bounds, 1), end(bounds, 1))
                && is(arn, bounds, 2, "states") && isRegion(arn, start(bounds, 3), end(bounds, 3))
                && isAccount(arn, start(bounds, 4), end(bounds, 4));
    }

    /** {@code aws} followed by lower-case letters and dashes: aws, aws-cn, aws-us-gov. */
    private static boolean isPartition(String arn, int start, int end) {
        if (!arn.startsWith("aws", start) || end - start < 3) {
            return false;
        }
        for (int i = start + 3; i < end; i++) {
            char c = arn.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegion(String arn, int start, int end) {
        if (start == end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = arn.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAccount(String arn, int start, int end) {
        if (end - start != 12) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (arn.charAt(i) < '0' || arn.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** 1-80 characters (code points: names may be non-ASCII), no whitespace, control character or broken surrogate pair. */
    private static boolean isName(String arn, int[] bounds, int part) {
        return isName(arn, start(bounds, part), end(bounds, part));
    }

    private static boolean isName(String arn, int start, int end) {
        if (start == end || end - start > 2 * MAX_NAME_CHARACTERS) {
            return false;
        }
        int characters = 0;
        for (int i = start; i < end; i++) {
            char c = arn.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(arn.charAt(i + 1))) {
                i++;
            } else if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSurrogate(c)) {
                return false;
            }
            characters++;
        }
        return characters <= MAX_NAME_CHARACTERS;
    }
}

package oriole.recorder.event;

/**
 * Shape checks for Step Functions ARNs, by structure rather than by regular expression (they run twice
 * for every event): {@code arn:PARTITION:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME} and
 * {@code arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME}, account 12 digits, names 1-80 characters
 * without colons or whitespace.
 */
final class StepFunctionsArns {

    private StepFunctionsArns() {
    }

    static boolean isExecution(String arn) {
        String[] parts = parts(arn, 8);
        return parts != null && isStatesArn(parts) && parts[5].equals("execution") && isName(parts[6]) && isName(parts[7]);
    }

    static boolean isStateMachine(String arn) {
        String[] parts = parts(arn, 7);
        return parts != null && isStatesArn(parts) && parts[5].equals("stateMachine") && isName(parts[6]);
    }

    /** The colon-separated parts if there are exactly {@code count}; null otherwise (String.split costs more). */
    private static String[] parts(String arn, int count) {
        String[] parts = new String[count];
        int from = 0;
        for (int i = 0; i < count - 1; i++) {
            int colon = arn.indexOf(':', from);
            if (colon < 0) {
                return null;
            }
            parts[i] = arn.substring(from, colon);
            from = colon + 1;
        }
        if (arn.indexOf(':', from) >= 0) {
            return null;
        }
        parts[count - 1] = arn.substring(from);
        return parts;
    }

    private static boolean isStatesArn(String[] parts) {
        return parts[0].equals("arn") && parts[1].startsWith("aws") && isLowerDash(parts[1].substring(3))
                && parts[2].equals("states") && !parts[3].isEmpty() && isRegion(parts[3]) && isAccount(parts[4]);
    }

    private static boolean isRegion(String region) {
        for (int i = 0; i < region.length(); i++) {
            char c = region.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerDash(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAccount(String account) {
        if (account.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (account.charAt(i) < '0' || account.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isName(String name) {
        if (name.isEmpty() || name.length() > 80) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isWhitespace(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

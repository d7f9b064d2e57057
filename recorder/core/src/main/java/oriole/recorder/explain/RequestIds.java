package oriole.recorder.explain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request id of a failed Lambda invocation, where its failure text says it: a {@code requestId} in the
 * runtime's error JSON (Python writes one), the id Lambda puts at the start of a timeout message
 * ({@code 2026-01-01T11:05:03.123Z 6f1c2a4e-… Task timed out after 900.00 seconds}), a {@code RequestId: …}
 * in its message ({@code RequestId: 6f1c2a4e-… Error: Task timed out…}, {@code Runtime exited…}), or the
 * {@code Request ID: …} of the Invoke call in an SDK integration's error (a synchronous invoke's request id is
 * the invocation's). Only a UUID counts: anything else in someone else's text is not an id to search logs for.
 */
public final class RequestIds {

    private static final String UUID = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![0-9a-fA-F-])";
    private static final Pattern JSON_FIELD = Pattern.compile("\"requestId\"\\s*:\\s*\"" + UUID + "\"");
    private static final Pattern TIMEOUT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z?\\s+" + UUID + "\\s+Task timed out");
    private static final Pattern LABELLED = Pattern.compile("(?i)\\brequest[ _-]?id\\b\\s*[:=]\\s*\"?" + UUID);
    /** A cause is at most 32,768 characters; a longer text is only searched in its first part. */
    private static final int SEARCHED = 65_536;

    private RequestIds() {
    }

    /** The request id in an error and cause, or null. */
    public static String find(String error, String cause) {
        for (String text : new String[] {cause, error}) {
            if (text == null) {
                continue;
            }
            String searched = text.length() > SEARCHED ? text.substring(0, SEARCHED) : text;
            for (Pattern pattern : new Pattern[] {JSON_FIELD, TIMEOUT, LABELLED}) {
                Matcher match = pattern.matcher(searched);
                if (match.find()) {
                    return match.group(1).toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return null;
    }
}

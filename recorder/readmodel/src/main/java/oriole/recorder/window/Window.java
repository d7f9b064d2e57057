package oriole.recorder.window;

import java.time.Instant;
import oriole.recorder.store.DiagnosticReader;

/**
 * What diagnose, serve and report look at: the window of the failures and success rates, when an unfinished run is
 * stuck, the moment the answer is about, how many rows each list shows, and the log group the AWS CLI commands
 * tail. Its defaults are these constants, and it is checked here, once, whoever builds it.
 *
 * @param at the moment the answer is about, null for now
 */
public record Window(Interval since, Interval stuckAfter, Instant at, int limit, String logGroup) {

    public static final String DEFAULT_SINCE = "24h";
    public static final String DEFAULT_STUCK_AFTER = "1h";
    public static final String DEFAULT_LOG_GROUP = "/aws/lambda/oriole-agent";
    public static final String DEFAULT_LIMIT = "20";
    public static final int MAX_LIMIT = 1000;

    public Window {
        if (since == null || stuckAfter == null) {
            throw new IllegalArgumentException("since and stuck-after are required");
        }
        if (logGroup == null || logGroup.isBlank()) {
            throw new IllegalArgumentException("log-group must not be blank");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** Every default: the last 24 hours up to now. */
    public static Window defaults() {
        return new Window(Interval.parse(DEFAULT_SINCE), Interval.parse(DEFAULT_STUCK_AFTER), null,
                Integer.parseInt(DEFAULT_LIMIT), DEFAULT_LOG_GROUP);
    }

    /** The moment the answer is about: {@code at}, else now. */
    public Instant moment() {
        return at == null ? Instant.now() : at;
    }

    /** The diagnostic queries' variables for this window, as of {@code moment}. */
    public DiagnosticReader.Parameters parameters(Instant moment) {
        return new DiagnosticReader.Parameters(moment.toString(), since.sql(), stuckAfter.sql(), logGroup, limit);
    }
}

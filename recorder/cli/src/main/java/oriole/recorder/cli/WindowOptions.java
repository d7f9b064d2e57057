package oriole.recorder.cli;

import java.time.Instant;
import oriole.recorder.web.OverviewQuery;
import picocli.CommandLine.Option;

/** The window the diagnostic queries look at and how much of each list they show: diagnose, serve and report. */
public final class WindowOptions {

    @Option(names = "--since", defaultValue = "24h", converter = Interval.Converter.class,
            description = "Window for failures and success rates (default: ${DEFAULT-VALUE})")
    Interval since;

    @Option(names = "--stuck-after", defaultValue = "1h", converter = Interval.Converter.class,
            description = "An unfinished run older than this is stuck (default: ${DEFAULT-VALUE})")
    Interval stuckAfter;

    @Option(names = "--at", paramLabel = "INSTANT", converter = Moment.Converter.class, description = "As of this instant, e.g. 2026-01-01T18:00:00Z (default: now)")
    Instant at;

    @Option(names = "--log-group", defaultValue = "/aws/lambda/oriole-agent",
            description = "Log group of the workflow's Lambdas, for the aws logs commands (default: ${DEFAULT-VALUE})")
    String logGroup;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Rows per list: the oldest stuck runs, the newest failures… (default: ${DEFAULT-VALUE}); each list says how many more there are")
    int limit;

    /** The options as the web view's query; a limit out of range is a usage error. */
    OverviewQuery defaults() {
        if (limit < 1 || limit > OverviewQuery.MAX_LIMIT) {
            throw new CommandFailure("--limit must be between 1 and " + OverviewQuery.MAX_LIMIT);
        }
        return new OverviewQuery(since, stuckAfter, at, limit, logGroup);
    }
}

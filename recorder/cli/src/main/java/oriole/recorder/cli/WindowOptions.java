package oriole.recorder.cli;

import java.time.Instant;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Window;
import picocli.CommandLine.Option;

/** The window the diagnostic queries look at and how much of each list they show: diagnose, serve and report. */
public final class WindowOptions {

    @Option(names = "--since", defaultValue = Window.DEFAULT_SINCE, converter = Converters.IntervalConverter.class,
            description = "Window for failures and success rates (default: ${DEFAULT-VALUE})")
    Interval since;

    @Option(names = "--stuck-after", defaultValue = Window.DEFAULT_STUCK_AFTER, converter = Converters.IntervalConverter.class,
            description = "An unfinished run older than this is stuck (default: ${DEFAULT-VALUE})")
    Interval stuckAfter;

    @Option(names = "--at", paramLabel = "INSTANT", converter = Converters.InstantConverter.class,
            description = "As of this instant, e.g. 2026-01-01T18:00:00Z (default: now)")
    Instant at;

    @Option(names = "--log-group", defaultValue = Window.DEFAULT_LOG_GROUP,
            description = "Log group of the workflow's Lambdas, for the aws logs commands (default: ${DEFAULT-VALUE})")
    String logGroup;

    @Option(names = "--limit", defaultValue = Window.DEFAULT_LIMIT, paramLabel = "N",
            description = "Rows per list: the oldest stuck runs, the newest failures… (default: ${DEFAULT-VALUE}); each list says how many more there are")
    int limit;

    /** The options as the read model's window; a value out of range is a usage error. */
    Window window() {
        try {
            return new Window(since, stuckAfter, at, limit, logGroup);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--" + e.getMessage());
        }
    }
}

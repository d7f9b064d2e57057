package oriole.recorder.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.web.OverviewQuery;
import oriole.recorder.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve",
        description = "A read-only web view of the experiments: the overview (stuck runs, failure rate, success by model"
                + " and temperature, failures over time, durations), the runs (filtered, paged), each run as show prints it,"
                + " and their JSON API (/api/overview, /api/runs, /api/runs/ID). Runs only SELECTs on read-only connections.",
        footer = "Stops on Ctrl-C or SIGTERM (exit 0). Exit codes: 0 stopped, 2 could not start.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Mixin
    OverviewOptions overview;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; the view has no login)")
    String bind;

    @Override
    public Integer call() throws Exception {
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (WebServer server = start(url)) {
            System.out.println("serve: " + server.address() + " (read-only; Ctrl-C stops)");
            StopSignals.onStop(stopped::countDown);
            stopped.await();
        }
        System.out.println("serve: stopped");
        return RecorderCommand.OK;
    }

    private WebServer start(String url) {
        try {
            return WebServer.start(url, bind, port, overview.defaults());
        } catch (IOException e) {
            throw new CommandFailure("serve: cannot listen on " + bind + ":" + port + ": " + ErrorLine.of(e));
        }
    }

    /** The overview's window and limits, shared by serve and report. */
    static final class OverviewOptions {
        @Option(names = "--since", defaultValue = "24h", converter = Interval.Converter.class,
                description = "Window for failures and success rates (default: ${DEFAULT-VALUE}); the page can change it")
        Interval since;

        @Option(names = "--stuck-after", defaultValue = "1h", converter = Interval.Converter.class,
                description = "An unfinished run older than this is stuck (default: ${DEFAULT-VALUE})")
        Interval stuckAfter;

        @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
                description = "Rows per list, as diagnose --limit (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--at", paramLabel = "INSTANT",
                description = "As of this instant, e.g. 2026-01-01T18:00:00Z (default: now, and serve keeps it current)")
        Instant at;

        @Option(names = "--log-group", defaultValue = "/aws/lambda/oriole-agent",
                description = "Log group of the workflow's Lambdas, for the aws logs commands (default: ${DEFAULT-VALUE})")
        String logGroup;

        OverviewQuery defaults() {
            if (limit < 1 || limit > 1000) {
                throw new CommandFailure("--limit must be between 1 and 1000");
            }
            return new OverviewQuery(since, stuckAfter, at, limit, logGroup);
        }
    }
}

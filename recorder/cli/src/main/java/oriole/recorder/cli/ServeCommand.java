package oriole.recorder.cli;

import java.io.IOException;
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
    WindowOptions window;

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
            return WebServer.start(url, bind, port, window.defaults());
        } catch (IOException e) {
            throw new CommandFailure("serve: cannot listen on " + bind + ":" + port + ": " + ErrorLine.of(e));
        }
    }
}

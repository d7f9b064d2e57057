package oriole.recorder.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import oriole.recorder.web.OverviewReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report",
        description = "Write the web view's overview as one self-contained HTML file (charts and numbers inside, nothing"
                + " loaded from anywhere): attach it to a message or put it in a bucket, it opens offline.",
        footer = "Exit codes: 0 written, 2 could not run.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Mixin
    WindowOptions window;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the HTML, e.g. report.html")
    Path out;

    @Override
    public Integer call() throws Exception {
        return database.run(url -> {
            OverviewReport.Written written = OverviewReport.write(url, window.window(), out);
            System.out.printf("report: %s written (%d KB, %s to %s)%n", out, written.bytes() / 1024,
                    window.since.phrase(), written.at());
            if (written.empty()) {
                System.err.printf("report: no run started or ended in that window (its charts are empty): name the window with --since"
                        + " and --at (the saved scenarios: --since 7d --at 2026-01-01T18:00:00Z)%n");
            }
            return RecorderCommand.OK;
        });
    }
}

package oriole.recorder.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import oriole.recorder.export.ExportWindow;
import oriole.recorder.export.RunExport;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Moment;

/**
 * {@code /api/runs.csv}: the file {@code export --format csv} writes, through the same writer, for a window
 * ({@code since}, {@code at}: the export's, every run without them) and the runs page's filters. The rows go out as
 * the cursor reads them, so the table's size costs time, not memory.
 */
final class RunsCsv {

    static final String ADDRESS = "/api/runs.csv";

    private final ExportWindow window;
    private final RunsQuery filters;

    private RunsCsv(ExportWindow window, RunsQuery filters) {
        this.window = window;
        this.filters = filters;
    }

    static RunsCsv from(RequestParameters parameters) {
        for (String paging : List.of("limit", "before")) {
            if (parameters.has(paging)) {
                throw new BadRequest(ADDRESS + " writes every run that matches: " + paging + " pages /api/runs only");
            }
        }
        ExportWindow window;
        try {
            window = new ExportWindow(parameters.has("since") ? Interval.parse(parameters.raw("since")) : null,
                    parameters.has("at") ? Moment.parse(parameters.raw("at")) : null);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return new RunsCsv(window, RunsQuery.from(parameters));
    }

    /** What the browser saves it as: the window in the name ({@code oriole-runs-7d.csv}); never a requested text. */
    String fileName() {
        return "oriole-runs-" + window.text() + ".csv";
    }

    /** Writes the file to {@code out} (flushed, left open); a failure leaves it unfinished. */
    void write(Connection connection, OutputStream out) throws IOException, SQLException {
        Map<String, Object> selection = window.parameters();
        selection.putAll(filters.filterParameters());
        RunExport.write(connection, selection, RunExport.Format.csv, new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }
}

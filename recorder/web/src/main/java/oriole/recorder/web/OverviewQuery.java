package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import oriole.recorder.show.DiagnosisReport;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Moment;
import oriole.recorder.window.Window;

/**
 * The overview's numbers: the diagnostic queries (the file {@code diagnose} and psql run) for one window, as the
 * JSON {@code diagnose --format json} prints, plus when it was computed and how long the database took.
 */
public final class OverviewQuery {

    private OverviewQuery() {
    }

    /** The window a request asks for ({@code ?since=7d&limit=50&at=…}), else the server's. */
    static Window from(RequestParameters parameters, Window defaults) {
        try {
            return new Window(parameters.has("since") ? Interval.parse(parameters.raw("since")) : defaults.since(),
                    parameters.has("stuck_after") ? Interval.parse(parameters.raw("stuck_after")) : defaults.stuckAfter(),
                    parameters.has("at") ? Moment.parse(parameters.raw("at")) : defaults.at(),
                    (int) parameters.whole("limit", 1, Window.MAX_LIMIT, defaults.limit()), defaults.logGroup());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    static ObjectNode read(Window window, Connection connection, ObjectMapper json) {
        Instant moment = window.moment();
        long started = System.nanoTime();
        ObjectNode overview = DiagnosisReport.json(DiagnosisReport.read(connection, window.parameters(moment)), json, window,
                moment);
        long databaseMicros = (System.nanoTime() - started) / 1000;
        overview.put("limit", window.limit());
        overview.put("computed_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        overview.put("database_ms", databaseMicros / 1000.0);
        return overview;
    }
}

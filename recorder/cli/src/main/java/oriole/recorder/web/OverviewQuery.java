package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.time.Instant;
import oriole.recorder.cli.Interval;
import oriole.recorder.cli.Moment;
import oriole.recorder.show.DiagnosisReport;
import oriole.recorder.store.DiagnosticReader;
import picocli.CommandLine.TypeConversionException;

/**
 * The overview's numbers: the diagnostic queries (the file {@code diagnose} and psql run) for one window, as the
 * JSON {@code diagnose --format json} prints, plus when it was computed and how long the database took.
 *
 * @param at    the moment the overview is about, null for now
 * @param limit rows per list, as {@code diagnose --limit}
 */
public record OverviewQuery(Interval since, Interval stuckAfter, Instant at, int limit, String logGroup) {

    public static final int MAX_LIMIT = 1000;
    private static final Interval.Converter INTERVALS = new Interval.Converter();

    /** The window and limits a request asks for ({@code ?since=7d&limit=50&at=…}), else the server's defaults. */
    static OverviewQuery from(RequestParameters parameters, OverviewQuery defaults) {
        try {
            Interval since = parameters.has("since") ? INTERVALS.convert(parameters.raw("since")) : defaults.since;
            Interval stuckAfter = parameters.has("stuck_after")
                    ? INTERVALS.convert(parameters.raw("stuck_after")) : defaults.stuckAfter;
            Instant at = parameters.has("at") ? Moment.parse(parameters.raw("at")) : defaults.at;
            int limit = (int) parameters.whole("limit", 1, MAX_LIMIT, defaults.limit);
            return new OverviewQuery(since, stuckAfter, at, limit, defaults.logGroup);
        } catch (TypeConversionException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    ObjectNode read(Connection connection, ObjectMapper json) {
        Instant moment = at == null ? Instant.now() : at;
        long started = System.nanoTime();
        DiagnosticReader.Results results = DiagnosisReport.read(connection,
                new DiagnosticReader.Parameters(moment.toString(), since.sql(), stuckAfter.sql(), logGroup, limit));
        long databaseMicros = (System.nanoTime() - started) / 1000;
        ObjectNode overview = DiagnosisReport.json(results, json, moment.toString(), since.text(), stuckAfter.text());
        overview.put("limit", limit);
        overview.put("computed_at", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        overview.put("database_ms", databaseMicros / 1000.0);
        return overview;
    }
}

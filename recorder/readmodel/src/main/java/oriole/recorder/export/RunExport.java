package oriole.recorder.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.ResultContext;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.SqlSession;
import oriole.recorder.store.ExportedRun;
import oriole.recorder.store.MyBatisSessions;

/**
 * Writes exported runs one at a time as they come from the cursor, as CSV (RFC 4180, a header, Jackson's quoting:
 * the one place a value becomes a cell) or JSON Lines; times in UTC ISO-8601, numbers exact. Values are written as
 * stored, for pandas and DuckDB: a spreadsheet that evaluates a cell starting with {@code =} is not a reader it is
 * made for (docs/diagnose.md says so). {@code export} and the web view's {@code /api/runs.csv} both write through
 * {@link #write}, so their files are the same bytes.
 */
public final class RunExport implements ResultHandler<ExportedRun> {

    public enum Format { csv, jsonl }

    private static final String RUNS = "oriole.recorder.store.ExportMapper.runs";

    public static final List<String> COLUMNS = List.of("id", "execution_arn", "execution_name", "state_machine_arn",
            "sqs_message_id", "model_name", "temperature", "execution_status", "goal_found", "failure_kind", "error",
            "cause", "failure_reason", "caught_failure", "redrive_count", "started_at", "completed_at",
            "duration_seconds");

    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

    private final SequenceWriter csvRows;
    private final ObjectWriter jsonRow;
    private final Writer out;
    private long written;

    /**
     * Writes the runs {@code selection} picks (an {@link ExportWindow}'s parameters, and the runs page's filters
     * when the web view asks) to {@code out}, flushed but left open, and says how many.
     */
    public static long write(Connection connection, Map<String, Object> selection, Format format, Writer out)
            throws IOException, SQLException {
        // A cursor needs a transaction: the rows come a fetch at a time instead of all at once.
        connection.setAutoCommit(false);
        RunExport rows = new RunExport(format, out);
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            session.select(RUNS, selection, rows);
        } catch (PersistenceException e) {
            // The reader stopped reading (a closed pipe, a download cut): its own failure, not the database's.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UncheckedIOException unwritten) {
                    throw unwritten.getCause();
                }
            }
            throw e;
        }
        rows.finish();
        return rows.written;
    }

    private RunExport(Format format, Writer out) throws IOException {
        this.out = out;
        if (format == Format.csv) {
            CsvMapper csv = new CsvMapper();
            csv.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            csv.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller owns the output (it may be stdout)
            CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
            COLUMNS.forEach(schema::addColumn);
            csvRows = csv.writer(schema.build()).writeValues(out);
            jsonRow = null;
        } else {
            csvRows = null;
            jsonRow = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer();
        }
    }

    @Override
    public void handleResult(ResultContext<? extends ExportedRun> context) {
        try {
            Map<String, Object> row = row(context.getResultObject());
            if (csvRows != null) {
                csvRows.write(row);
            } else {
                out.write(jsonRow.writeValueAsString(row));
                out.write('\n'); // every line ends, the last one too
            }
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The end of the file: the last row and (for CSV without a row) the header leave. Only after every row: a file
     * cut by a failure is not flushed on as if it were whole.
     */
    private void finish() throws IOException {
        if (csvRows != null) {
            csvRows.close();
        }
        out.flush();
    }

    private static Map<String, Object> row(ExportedRun run) {
        Object[] values = {run.id(), run.executionArn(), run.executionName(), run.stateMachineArn(), run.sqsMessageId(),
            run.modelName(), run.temperature(), run.executionStatus(), run.goalFound(), run.failureKind(), run.error(),
            run.cause(), run.failureReason(), run.caughtFailure(), run.redriveCount(), utc(run.startedAt()),
            utc(run.completedAt()), run.durationSeconds()};
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(COLUMNS.get(i), values[i]);
        }
        return row;
    }

    private static String utc(OffsetDateTime time) {
        return time == null ? null : UTC.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}

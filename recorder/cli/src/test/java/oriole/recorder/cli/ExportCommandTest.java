package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.ChildJvm;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.ManyRuns;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * export writes every run of the window exactly as stored, in cells a CSV reader gives back unchanged (quotes,
 * newlines, emoji, control characters), or as JSON lines; and it streams: a table far larger than its heap.
 */
class ExportCommandTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @RegisterExtension
    static final TestDatabase large = TestDatabase.migrated();

    @BeforeAll
    static void replayTheScenarios() {
        CommandRun replay = CommandRun.of("replay", "--db", db.url(), SavedEventFiles.root().resolve("scenarios").toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
    }

    @Test
    void csvCellsReadBackAsTheStoredValuesForEveryRun() throws Exception {
        Path file = Files.createTempFile("runs", ".csv");
        CommandRun run = CommandRun.of("export", "--db", db.url(), "--format", "csv", "--out", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        List<Map<String, String>> cells = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            rows.forEachRemaining(cells::add);
        }
        try (Connection c = db.connect()) {
            List<Map<String, Object>> stored = Rows.query(c, "SELECT id::text, execution_name, execution_status,"
                    + " coalesce(last_error ->> 'cause', '') AS cause, coalesce(failure_reason, '') AS failure_reason,"
                    + " coalesce(model_name, '') AS model_name FROM experiments ORDER BY started_at, id");
            assertThat(cells).as("every run, oldest first").hasSameSizeAs(stored);
            for (int i = 0; i < stored.size(); i++) {
                Map<String, Object> row = stored.get(i);
                assertThat(cells.get(i)).as("row %s", row.get("id"))
                        .containsEntry("id", (String) row.get("id"))
                        .containsEntry("execution_name", (String) row.get("execution_name"))
                        .containsEntry("execution_status", (String) row.get("execution_status"))
                        .containsEntry("cause", (String) row.get("cause"))
                        .containsEntry("failure_reason", (String) row.get("failure_reason"))
                        .containsEntry("model_name", (String) row.get("model_name"));
            }
        }
        assertThat(cells).filteredOn(row -> row.get("execution_name").equals("exp-0030-caught-timeout-succeeded"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("caught_failure", "true")
                        .containsEntry("execution_status", "TIMED_OUT").containsEntry("duration_seconds", "240.000"));
        assertThat(run.err()).contains("export: " + cells.size() + " run(s) written to " + file);
    }

    @Test
    void jsonLinesHoldTheWindowOnlyOneRunALine() throws Exception {
        CommandRun run = CommandRun.of("export", "--db", db.url(), "--format", "jsonl", "--since", "1h",
                "--at", "2026-01-01T10:30:00Z");
        assertThat(run.exitCode()).as(run.err()).isZero();

        assertThat(run.out()).endsWith("\n");
        List<JsonNode> runs = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            runs.add(SavedEventFiles.JSON.readTree(line));
        }
        assertThat(runs).isNotEmpty().allSatisfy(r -> assertThat(r.get("started_at").asText())
                .isBetween("2026-01-01T09:30:00Z", "2026-01-01T10:30:00Z"));
        try (Connection c = db.connect()) {
            assertThat((long) runs.size()).isEqualTo(Rows.count(c, "SELECT count(*) FROM experiments WHERE started_at"
                    + " BETWEEN '2026-01-01T09:30:00Z' AND '2026-01-01T10:30:00Z'"));
        }
        assertThat(runs.get(0).get("temperature").isNumber()).as("numbers stay numbers").isTrue();
    }

    @Test
    void aTableFarLargerThanTheHeapStreamsThrough() throws Exception {
        int rows = 150_000;
        try (Connection c = large.connect()) {
            ManyRuns.insert(c, rows);
        }
        Path file = Files.createTempFile("large", ".csv");
        Path err = Files.createTempFile("large", ".err");
        Process export = ChildJvm.recorder("48m", "export", "--db", large.url(), "--format", "csv", "--out", file.toString())
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(export.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(export.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        try (var lines = Files.lines(file)) {
            assertThat(lines.count()).as("%d runs of ~600 bytes (~90 MB) through a 48 MB heap, and the header", rows)
                    .isEqualTo(rows + 1);
        }
    }
}

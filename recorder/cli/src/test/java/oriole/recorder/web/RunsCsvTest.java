package oriole.recorder.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
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
 * {@code /api/runs.csv} is export's file: the same bytes for the same window, the runs page's filters picking the
 * runs that page shows, hostile text as export writes it; a table far larger than the server's heap streams to its
 * end however long the client takes, and a client that stops reading loses its download slot.
 */
class RunsCsvTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @RegisterExtension
    static final TestDatabase large = TestDatabase.migrated();

    /** A run whose text every CSV cell must survive: quotes, commas, line ends, a NUL, formula starts, emoji, a bidi override. */
    static final String CSV_NAME = "exp-csv-hostile";
    static final String CSV_MODEL = "=HYPERLINK(\"http://evil.example\",\"open\")";
    static final String CSV_ERROR = "+SUM(1,2)";
    static final String CSV_CAUSE = "-1 \"quoted\", with commas,\nnew lines\r\nand a NUL \u0000; @cmd|' /C calc'!A0 \uD83E\uDD9C \u202E";

    static final int LARGE_ROWS = 150_000;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static WebServer server;
    static Process smallHeapServe;
    static URI smallHeapAddress;
    static Path largeExport;

    @BeforeAll
    static void serveTheScenariosAndAHostileRun() throws Exception {
        ScenarioDatabase.fill(db);
        ScenarioDatabase.record(db, ScenarioDatabase.failedRun(CSV_NAME, "csv", CSV_MODEL, CSV_ERROR, CSV_CAUSE));
        try (Connection c = db.connect()) {
            // A row the workflow created for a request whose execution never reported: in every file without a window.
            Rows.execute(c, "INSERT INTO experiments (sqs_message_id) VALUES ('msg-csv-never-started')");
        }
        server = WebServer.start(db.url(), "127.0.0.1", 0, WebLimitsTest.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (smallHeapServe != null) {
            smallHeapServe.destroy();
            smallHeapServe.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFileIsExportsByteForByteForTheSameWindow() throws Exception {
        for (List<String> window : List.of(List.<String>of(), List.of("since", "7d", "at", ScenarioDatabase.AT),
                List.of("since", "1h", "at", "2026-01-01T10:30:00Z"), List.of("at", "2026-01-01T10:30:00Z"),
                List.of("since", "all"))) {
            List<String> options = new ArrayList<>();
            StringBuilder query = new StringBuilder();
            for (int i = 0; i < window.size(); i += 2) {
                options.addAll(List.of("--" + window.get(i), window.get(i + 1)));
                query.append(query.isEmpty() ? "?" : "&").append(window.get(i)).append('=').append(window.get(i + 1));
            }
            byte[] exported = export(db, options);
            HttpResponse<byte[]> download = get(RunsCsv.ADDRESS + query);

            assertThat(download.statusCode()).as(query.toString()).isEqualTo(200);
            assertThat(new String(download.body(), StandardCharsets.UTF_8)).as("window %s", window)
                    .isEqualTo(new String(exported, StandardCharsets.UTF_8));
            assertThat(download.body()).as("window %s, byte for byte", window).isEqualTo(exported);
            boolean unbounded = window.isEmpty() || window.equals(List.of("since", "all"));
            assertThat(rows(exported)).extracting(row -> row.get("sqs_message_id")).as("window %s", window).isNotEmpty()
                    .matches(messages -> messages.contains("msg-csv-never-started") == unbounded,
                            "the run that never started is in a file without a window only");
        }
    }

    @Test
    void hostileTextReadsBackAsStoredInTheCellsExportWrites() throws Exception {
        HttpResponse<byte[]> download = get(RunsCsv.ADDRESS + "?q=" + CSV_NAME);

        assertThat(rows(download.body())).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("execution_name", CSV_NAME)
                .containsEntry("model_name", CSV_MODEL)
                .containsEntry("error", CSV_ERROR)
                .containsEntry("cause", CSV_CAUSE.replace("\u0000", "\uFFFD")));
        assertThat(new String(download.body(), StandardCharsets.UTF_8))
                .as("written as stored (no formula escaping: export's readers are pandas and DuckDB), quoted where CSV needs it")
                .contains(",\"=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\",")
                .contains(",\"+SUM(1,2)\",");
    }

    @Test
    void itIsADownloadWithTheViewsHeaders() throws Exception {
        HttpResponse<byte[]> download = get(RunsCsv.ADDRESS + "?since=7d&at=" + ScenarioDatabase.AT);

        assertThat(download.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(download.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"oriole-runs-7d.csv\"");
        assertThat(download.headers().firstValue("Content-Security-Policy")).contains(ResponseSender.CONTENT_SECURITY_POLICY);
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().firstValue("Cache-Control")).contains("no-store");
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(server.address().resolve(RunsCsv.ADDRESS))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"oriole-runs-all.csv\"");
    }

    @Test
    void theRunsPagesFiltersPickTheRunsThatPageShowsAndItsLinkKeepsThem() throws Exception {
        List<Map<String, String>> everyRun = rows(export(db, List.of()));
        for (String filters : List.of("status=FAILED&kind=TIMEOUT", "model=claude-3-5-sonnet&temperature=0.7",
                "temperature=none", "model=(unknown)", "status=NO_EVENTS", "q=exp-0010",
                "model=" + URLEncoder.encode(ScenarioDatabase.BIDI_MODEL, StandardCharsets.UTF_8))) {
            Set<String> shown = new TreeSet<>();
            JsonNode page = SavedEventFiles.JSON.readTree(get("/api/runs?limit=500&" + filters).body());
            page.get("runs").forEach(run -> shown.add(run.get("id").asText()));
            List<Map<String, String>> downloaded = rows(get(RunsCsv.ADDRESS + "?" + filters).body());

            assertThat(shown).as(filters).isNotEmpty();
            assertThat(downloaded).as("%s: the runs the page shows, as export writes them, oldest first", filters)
                    .isEqualTo(everyRun.stream().filter(row -> shown.contains(row.get("id"))).toList());
        }

        String runsPage = new String(get("/runs?status=FAILED&kind=TIMEOUT&limit=10").body(), StandardCharsets.UTF_8);
        assertThat(runsPage).as("the filters, without the paging")
                .contains("<a id=\"download-csv\" href=\"/api/runs.csv?status=FAILED&amp;kind=TIMEOUT\" download>Download CSV</a>");
        String overview = new String(get("/?since=7d&at=" + ScenarioDatabase.AT).body(), StandardCharsets.UTF_8);
        assertThat(overview).as("the overview's window")
                .contains("<a id=\"download-csv\" href=\"/api/runs.csv?since=7d&amp;at=" + ScenarioDatabase.AT + "\" download>");
    }

    @Test
    void pagingAndMalformedWindowsOrFiltersAreRefusedWithAShort400() throws Exception {
        for (String query : List.of("limit=5", "before=3", "since=forever", "since=99999d", "at=2026-01-01", "model=%00",
                "status=running", "temperature=1e999")) {
            HttpResponse<byte[]> refused = get(RunsCsv.ADDRESS + "?" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            JsonNode error = SavedEventFiles.JSON.readTree(refused.body());
            assertThat(error.get("status").asInt()).isEqualTo(400);
            assertThat(error.get("error").asText()).as(query).isNotBlank().doesNotContain("Exception");
            assertThat(refused.headers().firstValue("Content-Disposition")).as(query + ": an answer, not a file").isEmpty();
        }
        assertThat(SavedEventFiles.JSON.readTree(get(RunsCsv.ADDRESS + "?limit=5").body()).get("error").asText())
                .isEqualTo("/api/runs.csv writes every run that matches: limit pages /api/runs only");
    }

    @Test
    void aQueryThatFailsBeforeTheFirstBytesIsAShort503NotAFile() throws Exception {
        HttpResponse<byte[]> waited;
        try (Connection locker = db.connect()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE experiments IN ACCESS EXCLUSIVE MODE");
            waited = get(RunsCsv.ADDRESS);
            locker.rollback();
        }

        assertThat(waited.statusCode()).isEqualTo(503);
        assertThat(waited.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(waited.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(SavedEventFiles.JSON.readTree(waited.body()).get("error").asText()).contains("statement timeout");
        assertThat(get(RunsCsv.ADDRESS).statusCode()).as("its slot and connection given back").isEqualTo(200);
    }

    @Test
    void aTableFarLargerThanTheServersHeapStreamsToItsEndWhileTheClientTakesLongerThanAPageMay() throws Exception {
        URI address = smallHeapServer();
        long size = Files.size(largeExport);
        // Read at a pace that makes the download last longer than a page's whole answer may.
        long paceNanos = TimeUnit.SECONDS.toNanos(WebServer.RESPONSE_SECONDS + 4);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(address.resolve(RunsCsv.ADDRESS)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.update(buffer, 0, n);
                bytes += n;
                long due = started + paceNanos * bytes / size - System.nanoTime();
                if (due > 0) {
                    TimeUnit.NANOSECONDS.sleep(due);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(bytes).as("the whole file").isEqualTo(size);
        assertThat(HexFormat.of().formatHex(received.digest())).as("export's bytes")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(largeExport))));
        assertThat(seconds).as("longer than a page's answer may take").isGreaterThan(WebServer.RESPONSE_SECONDS);
        Measured.note(String.format("/api/runs.csv: %,d runs, %,d bytes through serve -Xmx48m, read paced over %.1f s: whole",
                LARGE_ROWS, size, seconds));
    }

    @Test
    void aClientThatStopsReadingLosesItsDownloadSlotAfterTheWriteLimitAndThePagesAnswerMeanwhile() throws Exception {
        URI address = smallHeapServer();
        List<Socket> deaf = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < WebRoutes.DOWNLOADS_AT_ONCE; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(1024);
                socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()));
                socket.getOutputStream().write(("GET " + RunsCsv.ADDRESS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                deaf.add(socket);
            }
            Thread.sleep(1000);

            HttpResponse<String> another = HTTP.send(HttpRequest.newBuilder(address.resolve(RunsCsv.ADDRESS)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(another.statusCode()).as("every download slot is held").isEqualTo(503);
            assertThat(SavedEventFiles.JSON.readTree(another.body()).get("error").asText())
                    .isEqualTo(WebRoutes.DOWNLOADS_AT_ONCE + " downloads are being written already; try again when one ends");
            assertThat(HTTP.send(HttpRequest.newBuilder(address.resolve("/api/runs?limit=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the pages answer meanwhile").isEqualTo(200);

            int status;
            do {
                Thread.sleep(500);
                status = HTTP.send(HttpRequest.newBuilder(address.resolve(RunsCsv.ADDRESS))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } while (status == 503 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(WebServer.RESPONSE_SECONDS + 15));
            double heldSeconds = (System.nanoTime() - started) / 1e9;

            assertThat(status).as("a slot free again").isEqualTo(200);
            assertThat(heldSeconds).as("held for about the write limit").isBetween(WebServer.RESPONSE_SECONDS - 1.0,
                    WebServer.RESPONSE_SECONDS + 8.0);
            for (Socket socket : deaf) {
                assertThat(bytesUntilClosed(socket)).as("the server closed the connection mid-file")
                        .isLessThan(Files.size(largeExport));
            }
            Measured.note(String.format("/api/runs.csv: %d clients that never read held the download slots %.1f s, then were cut",
                    WebRoutes.DOWNLOADS_AT_ONCE, heldSeconds));
        } finally {
            for (Socket socket : deaf) {
                socket.close();
            }
        }
    }

    /** serve on the large table in a JVM of its own whose heap (48 MB) is far smaller than the file (~90 MB). */
    private static synchronized URI smallHeapServer() throws Exception {
        if (smallHeapServe != null) {
            return smallHeapAddress;
        }
        try (Connection c = large.connect()) {
            ManyRuns.insert(c, LARGE_ROWS);
        }
        largeExport = Files.createTempFile("large-export", ".csv");
        CommandRun export = CommandRun.of("export", "--db", large.url(), "--format", "csv", "--out", largeExport.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        Path err = Files.createTempFile("serve", ".err");
        smallHeapServe = ChildJvm.recorder("48m", "serve", "--db", large.url(), "--port", "0")
                .redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(smallHeapServe.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("serve: http://")) {
                smallHeapAddress = URI.create(line.substring("serve: ".length(), line.indexOf(' ', "serve: ".length())));
                return smallHeapAddress;
            }
        }
        throw new AssertionError("serve did not start: " + Files.readString(err, StandardCharsets.UTF_8));
    }

    private static long bytesUntilClosed(Socket socket) throws Exception {
        // the second client's stalled write may have begun later than the first's, and its limit runs from there
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WebServer.RESPONSE_SECONDS + 10));
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                bytes += n;
            }
        } catch (SocketException reset) {
            // closed with bytes still unread: the server reset it
        }
        return bytes;
    }

    private static byte[] export(TestDatabase database, List<String> window) throws Exception {
        Path file = Files.createTempFile("export", ".csv");
        List<String> args = new ArrayList<>(List.of("export", "--db", database.url(), "--format", "csv", "--out", file.toString()));
        args.addAll(window);
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Files.readAllBytes(file);
    }

    private static List<Map<String, String>> rows(byte[] csv) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> cells = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            cells.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.address().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}

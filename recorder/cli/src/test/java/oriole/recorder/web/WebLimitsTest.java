package oriole.recorder.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Window;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * The view always answers, and answers only what it is asked: slow clients, slow queries, hostile parameters and a
 * database error get a short answer, never a stuck server, a dead worker or the driver's text.
 */
class WebLimitsTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static WebServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void serveTheScenarios() throws Exception {
        ScenarioDatabase.fill(db);
        server = WebServer.start(db.url(), "127.0.0.1", 0, defaults());
        // Warm: the limits are about slow clients, not about the first request's class loading and connection.
        for (int i = 0; i < 3; i++) {
            get("/api/runs?limit=1");
        }
    }

    static Window defaults() {
        return new Window(Interval.parse(ScenarioDatabase.SINCE), Interval.parse("1h"), Instant.parse(ScenarioDatabase.AT), 20,
                Window.DEFAULT_LOG_GROUP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twentyClientsThatSendHalfARequestDoNotStopANormalOne() throws Exception {
        List<Socket> slow = clients("GET /ru", 0);
        try {
            assertThat(normalRequestMillis("20 clients that sent half a request")).isLessThan(1000);
            for (Socket socket : slow) {
                socket.setSoTimeout((WebServer.REQUEST_SECONDS + 5) * 1000);
                assertThat(readToEnd(socket.getInputStream())).as("the server closed the slow client").isTrue();
            }
        } finally {
            closeAll(slow);
        }
    }

    @Test
    void twentyClientsThatNeverReadTheirAnswerDoNotStopANormalOne() throws Exception {
        // Eight answers of 1 MB asked for at once: more than the socket buffers hold, so the server's writer waits
        // on a client that never reads.
        List<Socket> deaf = clients("GET /assets/echarts.min.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(8), 1024);
        try {
            assertThat(normalRequestMillis("20 clients that never read their answer")).isLessThan(1000);
        } finally {
            closeAll(deaf);
        }
    }

    /** Twenty connections that each sent {@code request} and then nothing. */
    private static List<Socket> clients(String request, int receiveBuffer) throws Exception {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.address().getPort()));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            clients.add(socket);
        }
        Thread.sleep(500);
        return clients;
    }

    /** How long an ordinary request takes beside {@code beside}; it must succeed. */
    private static long normalRequestMillis(String beside) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> normal = get("/api/runs?limit=1");
        long millis = (System.nanoTime() - started) / 1_000_000;
        Measured.note("a normal request beside " + beside + " answered in " + millis + " ms");
        assertThat(normal.statusCode()).as("answered beside " + beside).isEqualTo(200);
        return millis;
    }

    private static void closeAll(List<Socket> sockets) throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void everyParameterIsBoundedOrRefusedWithAShort400() throws Exception {
        for (String path : List.of("/runs?temperature=1e10000000", "/runs?temperature=1e999999999",
                "/api/runs?temperature=1e999999999", "/api/overview?since=999999999d", "/?since=999999999d",
                "/api/overview?at=%2B999999999-12-31T23:59:59Z", "/api/overview?at=2026-01-01", "/api/runs?q=%00",
                "/runs?q=%00", "/api/runs?model=%00", "/api/runs?limit=99999999999999999999", "/api/runs?before=-1",
                "/api/runs?status=running", "/api/overview?limit=0", "/api/runs?q=" + "x".repeat(5000))) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body().length()).as(path + ": a short answer").isLessThan(2500);
            assertThat(response.body()).as(path).doesNotContain("SELECT").doesNotContain("org.").doesNotContain("Exception")
                    .doesNotContain("java.");
            if (path.startsWith("/api/")) {
                JsonNode error = SavedEventFiles.JSON.readTree(response.body());
                assertThat(error.get("status").asInt()).isEqualTo(400);
                assertThat(error.get("error").asText()).as(path).isNotBlank();
            }
        }
        assertThat(get("/api/runs?limit=1").statusCode()).as("every worker still alive").isEqualTo(200);
    }

    @Test
    void filtersMatchExactlyWhatTheySay() throws Exception {
        JsonNode zero = json("/api/runs?temperature=0&limit=500");
        assertThat(zero.get("runs")).isNotEmpty()
                .allSatisfy(run -> assertThat(run.get("temperature").decimalValue()).isEqualByComparingTo("0"));
        JsonNode none = json("/api/runs?temperature=none&limit=500");
        assertThat(none.get("runs")).isNotEmpty().allSatisfy(run -> assertThat(run.get("temperature").isNull()).isTrue());
        JsonNode seven = json("/api/runs?model=claude-3-5-sonnet&temperature=0.70&limit=500");
        assertThat(seven.get("runs")).hasSizeGreaterThan(5).allSatisfy(run -> {
            assertThat(run.get("model_name").asText()).isEqualTo("claude-3-5-sonnet");
            assertThat(run.get("temperature").decimalValue()).isEqualByComparingTo("0.7");
        });
        JsonNode unknown = json("/api/runs?model=(unknown)&limit=500");
        assertThat(unknown.get("runs")).isNotEmpty().allSatisfy(run -> assertThat(run.get("model_name").isNull()).isTrue());
        assertThat(json("/api/runs?temperature=123456").get("runs")).isEmpty();
        long id;
        try (Connection c = db.connect()) {
            id = oriole.recorder.testing.Rows.count(c, "SELECT id FROM experiments WHERE execution_name = ?", "exp-0010-redriven");
        }
        assertThat(json("/api/runs?q=" + id).get("runs")).extracting(r -> r.get("id").asLong()).contains(id);
        assertThat(json("/api/runs?q=exp-0010").get("runs")).extracting(r -> r.get("execution_name").asText())
                .containsExactly("exp-0010-redriven");
    }

    @Test
    void aSlowDatabaseGetsAShort503AndTheViewAnswersWhatItCanMeanwhile() throws Exception {
        try (Connection locker = db.connect()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE experiments IN ACCESS EXCLUSIVE MODE");
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < WebRoutes.OVERVIEWS_AT_ONCE; i++) {
                waiting.add(HTTP.sendAsync(request("/api/overview"), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(500);

            long started = System.nanoTime();
            HttpResponse<String> third = get("/api/overview");
            long thirdMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(third.statusCode()).as("a third overview is told, not queued").isEqualTo(503);
            assertThat(SavedEventFiles.JSON.readTree(third.body()).get("status").asInt()).isEqualTo(503);
            assertThat(thirdMillis).isLessThan(ReadOnlyConnections.WAIT_MILLIS + 1000);
            Measured.note("a third overview while two wait on a lock: 503 in " + thirdMillis + " ms");
            for (String page : List.of("/", "/assets/oriole.js", "/api/runs?limit=x")) {
                long pageStarted = System.nanoTime();
                assertThat(get(page).statusCode()).as(page).isIn(200, 400);
                assertThat((System.nanoTime() - pageStarted) / 1_000_000).as(page + " while the overviews wait").isLessThan(1000);
            }

            for (CompletableFuture<HttpResponse<String>> overview : waiting) {
                HttpResponse<String> timedOut = overview.get();
                Measured.note("an overview behind a lock: " + timedOut.statusCode() + " " + timedOut.body());
                assertThat(timedOut.statusCode()).isEqualTo(503);
                JsonNode error = SavedEventFiles.JSON.readTree(timedOut.body());
                assertThat(error.get("error").asText()).contains("statement timeout").doesNotContain("SELECT")
                        .doesNotContain("PSQLException").doesNotContain("experiments");
                assertThat(error.get("status").asInt()).isEqualTo(503);
            }
            locker.rollback();
        }
        assertThat(get("/api/overview").statusCode()).as("answers again once the database does").isEqualTo(200);
    }

    @Test
    void assetsAreKeptByTheBrowserAndDataNever() throws Exception {
        String page = get("/").body();
        String script = page.substring(page.indexOf("/assets/oriole.js?v="));
        script = script.substring(0, script.indexOf('"'));
        assertThat(get(script).headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(page).contains("/assets/echarts.min.js?v=").contains("/assets/oriole.css?v=");
        for (String data : List.of("/", "/api/overview", "/runs", "/api/runs")) {
            assertThat(get(data).headers().firstValue("Cache-Control")).as(data).contains("no-store");
        }
    }

    @Test
    void theHostCheckRefusesNamesThatOnlyStartLikeThisMachine() throws Exception {
        int port = server.address().getPort();
        for (String host : List.of("[::1].evil.example", "[::1]evil", "127.0.0.1.evil.example", "localhost.evil.example",
                "evil.example", "[::2]", "", "localhost:80:80")) {
            assertThat(WebApiTest.rawStatusLine(server, host)).as("Host: " + host).contains(" 403 ");
        }
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "[0:0:0:0:0:0:0:1]", "LOCALHOST")) {
            assertThat(WebApiTest.rawStatusLine(server, host)).as("Host: " + host).contains(" 200 ");
        }
    }

    @Test
    void boundBeyondLoopbackTheTokenIsAskedForAndTheHostCheckStays() throws Exception {
        String token = "a-token-of-the-test-0123456789";
        try (WebServer wide = WebServer.start(db.url(), "0.0.0.0", 0, defaults(),
                new WebServer.Access(List.of("oriole.example"), token))) {
            int port = wide.address().getPort();
            assertThat(WebApiTest.rawStatusLine(wide, "evil.example")).contains(" 403 ");
            assertThat(WebApiTest.rawStatusLine(wide, "127.0.0.1:" + port)).as("no token").contains(" 401 ");
            HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(wide.address().resolve("/api/runs?limit=1"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(wide.address().resolve("/api/runs?limit=1"))
                    .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> once = HTTP.send(HttpRequest.newBuilder(wide.address().resolve("/runs?token=" + token)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(once.statusCode()).isEqualTo(303);
            String cookie = once.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            HttpResponse<String> withCookie = HTTP.send(HttpRequest.newBuilder(wide.address().resolve("/runs"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
        }
    }

    private static boolean readToEnd(InputStream in) throws Exception {
        try {
            while (in.read() >= 0) {
                // drain whatever the server said before closing
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(server.address().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return SavedEventFiles.JSON.readTree(response.body());
    }
}

package oriole.recorder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A page as a person waits for it: Debian's headless Chromium, driven by chromedriver over the WebDriver protocol
 * (plain HTTP, no client library in the jar), loads the page, and the page's own clock says when it had drawn
 * everything ({@code data-rendered} on the body, set by oriole.js after the last chart): navigation start to drawn,
 * the request for its data and the browser's own work included.
 */
final class BrowserTiming implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WAIT_UNTIL_DRAWN = """
            var done = arguments[arguments.length - 1];
            (function wait() {
              if (document.body && document.body.hasAttribute('data-rendered')) {
                done(performance.now());
              } else {
                setTimeout(wait, 5);
              }
            })();
            """;

    private final Process driver;
    private final URI session;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();

    private BrowserTiming(Process driver, URI session, Path profile) {
        this.driver = driver;
        this.session = session;
        this.profile = profile;
    }

    /** Chromium started, or empty when this machine has no Chromium and chromedriver (CHROME_BIN, CHROMEDRIVER). */
    static Optional<BrowserTiming> start() throws IOException, InterruptedException {
        Optional<Path> browser = executable(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Optional<Path> chromedriver = executable(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver",
                "/usr/lib/chromium/chromedriver");
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            return Optional.empty();
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process driver = new ProcessBuilder(chromedriver.get().toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path profile = Files.createTempDirectory("oriole-bench-chromium-");
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            ObjectNode capabilities = JSON.createObjectNode();
            ObjectNode chrome = capabilities.putObject("capabilities").putObject("alwaysMatch")
                    .put("browserName", "chrome").putObject("goog:chromeOptions");
            chrome.put("binary", browser.get().toString());
            List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                    "--window-size=1400,2200").forEach(chrome.putArray("args")::add);
            JsonNode created = post(HttpClient.newHttpClient(), base.resolve("session"), capabilities, 100);
            URI session = base.resolve("session/" + created.path("value").path("sessionId").asText() + "/");
            BrowserTiming timing = new BrowserTiming(driver, session, profile);
            timing.call("timeouts", JSON.createObjectNode().put("script", 60_000).put("pageLoad", 60_000));
            return Optional.of(timing);
        } catch (IOException | RuntimeException e) {
            driver.destroy();
            throw e;
        }
    }

    /** Milliseconds from navigating to {@code page} until it had drawn everything (its own performance clock). */
    double drawnMillis(URI page) throws IOException, InterruptedException {
        call("url", JSON.createObjectNode().put("url", page.toString()));
        ObjectNode script = JSON.createObjectNode().put("script", WAIT_UNTIL_DRAWN);
        script.putArray("args");
        return call("execute/async", script).path("value").asDouble();
    }

    private JsonNode call(String command, ObjectNode body) throws IOException, InterruptedException {
        return post(http, session.resolve(command), body, 1);
    }

    /** A WebDriver command; the driver may still be starting, so the first call is tried a few times. */
    private static JsonNode post(HttpClient http, URI uri, ObjectNode body, int attempts)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode answer = JSON.readTree(response.body());
                if (response.statusCode() != 200) {
                    throw new IOException("chromedriver " + uri.getPath() + ": " + answer.path("value").path("message").asText());
                }
                return answer;
            } catch (java.net.ConnectException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            http.send(HttpRequest.newBuilder(session).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Optional<Path> executable(String... candidates) {
        return Stream.of(candidates).filter(c -> c != null && !c.isBlank()).map(Path::of).filter(Files::isExecutable)
                .findFirst();
    }
}

package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oriole.recorder.show.CellText;
import oriole.recorder.explain.FailureExplainer;
import oriole.recorder.show.FailureLines;
import oriole.recorder.show.RunDetails;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.text.VisibleText;
import oriole.recorder.window.Window;

/** The view's addresses: three pages, their JSON API, the runs as CSV, and the files the pages load. GET only. */
final class WebRoutes implements HttpHandler {

    /**
     * Scripts only from this server; no inline script, no plugin, no frame, no form elsewhere. Inline styles are
     * allowed: the charting library positions its tooltips with them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Pattern RUN = Pattern.compile("/runs/(\\d{1,18})");
    private static final Pattern API_RUN = Pattern.compile("/api/runs/(\\d{1,18})");
    private static final Pattern ASSET = Pattern.compile("/assets/([a-z.]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Overviews (and comparisons, which read every run of their window too) computed at once: the heaviest queries
     * may hold two connections, never all of them, so the runs and run pages still answer while they wait.
     */
    static final int OVERVIEWS_AT_ONCE = 2;
    /**
     * Downloads at once: each holds a connection for as long as its client reads, so they have a share of their own
     * (with the overviews', four of the six), and the runs and run pages keep theirs.
     */
    static final int DOWNLOADS_AT_ONCE = 2;
    /** A download's bytes leave in writes of this size: the client must take each within the write limit. */
    static final int DOWNLOAD_BUFFER_BYTES = 64 * 1024;
    private static final String NO_STORE = "no-store";
    /** Asset addresses carry their content's hash: a new jar is a new address, so the browser may keep them. */
    private static final String KEEP = "public, max-age=31536000, immutable";

    private final ReadOnlyConnections connections;
    private final Window defaults;
    private final HostCheck hosts;
    private final AccessToken token;
    private final Semaphore overviews = new Semaphore(OVERVIEWS_AT_ONCE);
    private final Semaphore downloads = new Semaphore(DOWNLOADS_AT_ONCE);
    private final ResponseDeadlines deadlines;

    /** @param token what every request must carry, or null on a view that needs none */
    WebRoutes(ReadOnlyConnections connections, Window defaults, HostCheck hosts, AccessToken token,
              ResponseDeadlines deadlines) {
        this.connections = connections;
        this.defaults = defaults;
        this.hosts = hosts;
        this.token = token;
        this.deadlines = deadlines;
    }

    private record Response(int status, String contentType, byte[] body, String cacheControl, Map<String, String> headers,
                            Download download) {
        static Response html(int status, String html) {
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), NO_STORE, Map.of(),
                    null);
        }

        static Response json(int status, Object json) {
            return new Response(status, "application/json; charset=utf-8", json.toString().getBytes(StandardCharsets.UTF_8),
                    NO_STORE, Map.of(), null);
        }

        static Response redirect(String location, Map<String, String> headers) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Location", location);
            return new Response(303, "text/plain; charset=utf-8", new byte[0], NO_STORE, all, null);
        }

        /** A file the browser saves, written as it is read (its status and headers leave with its first bytes). */
        static Response download(String contentType, String fileName, Download download) {
            return new Response(200, contentType, null, NO_STORE,
                    Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""), download);
        }
    }

    /** A body written as it is read, holding what it reads with (a connection, a download slot) until closed. */
    private interface Download extends AutoCloseable {
        void writeTo(OutputStream out) throws Exception;

        @Override
        void close();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // A page's whole answer leaves within this, as the JDK's own limit had it (ResponseDeadlines says why ours).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WebServer.RESPONSE_SECONDS);
        String path = exchange.getRequestURI().getPath();
        boolean api = path.startsWith("/api/");
        Response response;
        try {
            response = answer(exchange, path, api);
        } catch (Throwable e) {
            response = failure(path, api, e);
        }
        if (response.download() == null) {
            send(exchange, response, deadlines.watch(exchange.getResponseBody(), deadline));
            return;
        }
        try (Download download = response.download()) {
            stream(exchange, response, path, api);
        }
    }

    /** What the client is told when answering failed: the detail (a driver's message, SQL) goes to the log only. */
    private static Response failure(String path, boolean api, Throwable e) {
        if (e instanceof BadRequest) {
            return error(api, 400, e.getMessage());
        }
        if (e instanceof Unavailable) {
            return error(api, 503, e.getMessage());
        }
        // Whatever failed, the worker lives on and the client gets a short answer.
        System.err.println("serve: " + VisibleText.line(path) + ": " + ErrorLine.ofRootCause(e));
        return ServerTrouble.of(e).map(message -> error(api, 503, message))
                .orElseGet(() -> error(api, 500, "the view failed on this request (the server's log says why)"));
    }

    private Response answer(HttpExchange exchange, String path, boolean api) throws Exception {
        String method = exchange.getRequestMethod();
        if (!hosts.allows(exchange.getRequestHeaders().getFirst("Host"))) {
            return error(api, 403, "this view answers to this machine's names only (serve --allow-host NAME to add one)");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return error(api, 405, "read-only: only GET and HEAD");
        }
        RequestParameters parameters = RequestParameters.parse(exchange.getRequestURI().getRawQuery());
        if (token != null && !token.carriedBy(exchange.getRequestHeaders())) {
            if (token.matches(parameters.raw(AccessToken.PARAMETER))) {
                return Response.redirect(path, Map.of("Set-Cookie", token.cookie()));
            }
            return error(api, 401, "this view asks for its token: open it once with ?token=… (the serve --token-file),"
                    + " or send Authorization: Bearer …");
        }
        return route(path, parameters, api);
    }

    private Response route(String path, RequestParameters parameters, boolean api) throws Exception {
        Matcher asset = ASSET.matcher(path);
        if (asset.matches()) {
            Assets file = Assets.named(asset.group(1));
            return file == null ? error(false, 404, "no such file")
                    : new Response(200, file.contentType, file.bytes(), KEEP, Map.of(), null);
        }
        if (path.equals("/")) {
            Window query = OverviewQuery.from(parameters, defaults);
            return Response.html(200, PageLayout.page("Overview", "overview", OverviewPage.apiAddress(query),
                    OverviewPage.main(query, true)));
        }
        if (path.equals("/api/overview")) {
            Window query = OverviewQuery.from(parameters, defaults);
            return overview(() -> withConnection(c -> Response.json(200, OverviewQuery.read(query, c, JSON))));
        }
        if (path.equals(CompareQuery.ADDRESS)) {
            CompareQuery query = CompareQuery.from(parameters, defaults);
            return overview(() -> withConnection(c -> Response.json(200, query.read(c, JSON))));
        }
        if (path.equals(RunsCsv.ADDRESS)) {
            return runsCsv(RunsCsv.from(parameters));
        }
        if (path.equals("/runs") || path.equals("/api/runs")) {
            RunsQuery query = RunsQuery.from(parameters);
            return withConnection(c -> {
                RunsQuery.Page page = query.read(c);
                return api ? Response.json(200, runsJson(query, page))
                        : Response.html(200, PageLayout.page("Runs", "runs", null, RunsPage.main(query, page)));
            });
        }
        Matcher run = (api ? API_RUN : RUN).matcher(path);
        if (run.matches()) {
            long id = Long.parseLong(run.group(1));
            return withConnection(c -> {
                Optional<RunDetails> details = runDetails(c, id);
                if (details.isEmpty()) {
                    return error(api, 404, "no experiment " + id);
                }
                OffsetDateTime now = OffsetDateTime.now();
                FailureLines failure = FailureLines.of(details.get().row(),
                        FailureExplainer.read(c, details.get().row().executionArn()), null);
                return api ? Response.json(200, RunJson.of(details.get(), failure, now, JSON))
                        : Response.html(200, PageLayout.page("Experiment " + id, "run", null, RunPage.main(details.get(), failure, now)));
            });
        }
        return error(api, 404, "no page at " + path);
    }

    private interface Work {
        Response get() throws Exception;
    }

    private Response overview(Work work) throws Exception {
        if (!overviews.tryAcquire(ReadOnlyConnections.WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new Unavailable("the overview or a comparison is being computed for " + OVERVIEWS_AT_ONCE
                    + " other requests; try again shortly (the runs pages still answer)");
        }
        try {
            return work.get();
        } finally {
            overviews.release();
        }
    }

    /** The CSV as a download: a slot and a connection taken now (or a 503), given back when it has been written. */
    private Response runsCsv(RunsCsv csv) throws Exception {
        if (!downloads.tryAcquire(ReadOnlyConnections.WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new Unavailable(DOWNLOADS_AT_ONCE + " downloads are being written already; try again when one ends");
        }
        Connection connection;
        try {
            connection = connections.borrow();
        } catch (Exception | Error e) {
            downloads.release();
            throw e;
        }
        return Response.download("text/csv; charset=utf-8", csv.fileName(), new Download() {
            @Override
            public void writeTo(OutputStream out) throws Exception {
                csv.write(connection, out);
            }

            @Override
            public void close() {
                connections.release(connection);
                downloads.release();
            }
        });
    }

    private Optional<RunDetails> runDetails(Connection connection, long id) {
        return ExperimentReader.runs(connection, Long.toString(id)).stream()
                .filter(row -> row.id() == id)
                .findFirst()
                .map((ExperimentRow row) -> RunDetails.read(connection, row, defaults.logGroup()));
    }

    private static ObjectNode runsJson(RunsQuery query, RunsQuery.Page page) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode runs = json.putArray("runs");
        page.runs().forEach(run -> runs.add(JSON.valueToTree(CellText.row(run))));
        json.put("next_before", page.nextBefore());
        json.put("next", page.nextBefore() == null ? null : query.address("/api/runs", page.nextBefore()));
        return json;
    }

    private interface WithConnection {
        Response apply(Connection connection) throws Exception;
    }

    private Response withConnection(WithConnection work) throws Exception {
        Connection connection = connections.borrow();
        try {
            return work.apply(connection);
        } finally {
            connections.release(connection);
        }
    }

    private static Response error(boolean api, int status, String message) {
        if (api) {
            ObjectNode body = JSON.createObjectNode().put("error", message).put("status", status);
            return Response.json(status, body);
        }
        String title = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Token needed";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 503 -> "Unavailable";
            default -> "Error";
        };
        return Response.html(status, PageLayout.page(title, "error", null,
                "<h1>" + title + "</h1>\n<p id=\"error\">" + Html.text(message) + "</p>\n<p><a href=\"/\">Overview</a> · <a href=\"/runs\">Runs</a></p>"));
    }

    private static void setHeaders(HttpExchange exchange, Response response) {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", response.cacheControl());
        response.headers().forEach(headers::set);
    }

    private static void send(HttpExchange exchange, Response response, ResponseDeadlines.WatchedBody body) throws IOException {
        setHeaders(exchange, response);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        body.during(() -> exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length));
        if (!head) {
            try (OutputStream out = body) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    /**
     * Sends a download as it is written. Its status goes with its first bytes (after the first buffer): a query that
     * fails before them is still answered as a failure. Once they left, a failure cuts the connection, so the client
     * sees a cut transfer (the chunked body lacks its end), never a shorter file that looks whole.
     */
    private void stream(HttpExchange exchange, Response response, String path, boolean api) throws IOException {
        long started = System.nanoTime();
        ResponseDeadlines.WatchedBody body = deadlines.watch(exchange.getResponseBody(), ResponseDeadlines.NO_DEADLINE);
        if (exchange.getRequestMethod().equals("HEAD")) {
            setHeaders(exchange, response);
            body.during(() -> exchange.sendResponseHeaders(200, -1));
            exchange.close();
            return;
        }
        HeadersOnFirstByte file = new HeadersOnFirstByte(body, () -> {
            setHeaders(exchange, response);
            exchange.sendResponseHeaders(200, 0); // 0: chunked, the length is known at the end only
        });
        try {
            response.download().writeTo(new BufferedOutputStream(file, DOWNLOAD_BUFFER_BYTES));
        } catch (Throwable e) {
            if (!file.headersSent()) {
                exchange.getResponseHeaders().remove("Content-Disposition");
                send(exchange, failure(path, api, e), deadlines.watch(exchange.getResponseBody(),
                        started + TimeUnit.SECONDS.toNanos(WebServer.RESPONSE_SECONDS)));
                return;
            }
            System.err.println("serve: " + VisibleText.line(path) + ": download cut: " + ErrorLine.ofRootCause(e));
            throw e instanceof IOException cut ? cut : new IOException(e);
        }
        file.close();
        exchange.close();
    }

    /** Sends the status and headers when the first byte, a flush or the end arrives: not before. */
    private static final class HeadersOnFirstByte extends FilterOutputStream {

        private final ResponseDeadlines.Write sendHeaders;
        private boolean sent;

        HeadersOnFirstByte(ResponseDeadlines.WatchedBody body, ResponseDeadlines.Write sendHeaders) {
            super(body);
            this.sendHeaders = () -> body.during(sendHeaders);
        }

        boolean headersSent() {
            return sent;
        }

        private void sendOnce() throws IOException {
            if (!sent) {
                sent = true;
                sendHeaders.run();
            }
        }

        @Override
        public void write(int b) throws IOException {
            sendOnce();
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            sendOnce();
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            sendOnce();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            sendOnce();
            out.close();
        }
    }
}

package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
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

    private final ReadOnlyConnections connections;
    private final Window defaults;
    private final HostCheck hosts;
    private final AccessToken token;
    private final RequestSlots overviews = new RequestSlots(OVERVIEWS_AT_ONCE, "the overview or a comparison is being"
            + " computed for " + OVERVIEWS_AT_ONCE + " other requests; try again shortly (the runs pages still answer)");
    private final RequestSlots downloads = new RequestSlots(DOWNLOADS_AT_ONCE,
            DOWNLOADS_AT_ONCE + " downloads are being written already; try again when one ends");
    private final ResponseSender sender;

    /** @param token what every request must carry, or null on a view that needs none */
    WebRoutes(ReadOnlyConnections connections, Window defaults, HostCheck hosts, AccessToken token,
              ResponseDeadlines deadlines) {
        this.connections = connections;
        this.defaults = defaults;
        this.hosts = hosts;
        this.token = token;
        this.sender = new ResponseSender(deadlines);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // A page's whole answer leaves within this, as the JDK's own limit had it (ResponseDeadlines says why ours).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WebServer.RESPONSE_SECONDS);
        String path = exchange.getRequestURI().getPath();
        boolean api = path.startsWith("/api/");
        WebResponse response;
        try {
            response = answer(exchange, path, api);
        } catch (Throwable e) {
            response = failure(path, api, e);
        }
        if (response.download() == null) {
            sender.send(exchange, response, deadline);
            return;
        }
        try (WebResponse.Download download = response.download()) {
            sender.stream(exchange, response, e -> failure(path, api, e));
        }
    }

    /** What the client is told when answering failed: the detail (a driver's message, SQL) goes to the log only. */
    private static WebResponse failure(String path, boolean api, Throwable e) {
        if (e instanceof BadRequest) {
            return WebResponse.error(api, 400, e.getMessage());
        }
        if (e instanceof Unavailable) {
            return WebResponse.error(api, 503, e.getMessage());
        }
        // Whatever failed, the worker lives on and the client gets a short answer.
        System.err.println("serve: " + VisibleText.line(path) + ": " + ErrorLine.ofRootCause(e));
        return ServerTrouble.of(e).map(message -> WebResponse.error(api, 503, message))
                .orElseGet(() -> WebResponse.error(api, 500, "the view failed on this request (the server's log says why)"));
    }

    private WebResponse answer(HttpExchange exchange, String path, boolean api) throws Exception {
        String method = exchange.getRequestMethod();
        if (!hosts.allows(exchange.getRequestHeaders().getFirst("Host"))) {
            return WebResponse.error(api, 403, "this view answers to this machine's names only (serve --allow-host NAME to add one)");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return WebResponse.error(api, 405, "read-only: only GET and HEAD");
        }
        RequestParameters parameters = RequestParameters.parse(exchange.getRequestURI().getRawQuery());
        if (token != null && !token.carriedBy(exchange.getRequestHeaders())) {
            if (token.matches(parameters.raw(AccessToken.PARAMETER))) {
                return WebResponse.redirect(path, Map.of("Set-Cookie", token.cookie()));
            }
            return WebResponse.error(api, 401, "this view asks for its token: open it once with ?token=… (the serve --token-file),"
                    + " or send Authorization: Bearer …");
        }
        return route(path, parameters, api);
    }

    private WebResponse route(String path, RequestParameters parameters, boolean api) throws Exception {
        Matcher asset = ASSET.matcher(path);
        if (asset.matches()) {
            Assets file = Assets.named(asset.group(1));
            return file == null ? WebResponse.error(false, 404, "no such file") : WebResponse.asset(file);
        }
        if (path.equals("/")) {
            Window query = OverviewQuery.from(parameters, defaults);
            return WebResponse.html(200, PageLayout.page("Overview", "overview", OverviewPage.apiAddress(query),
                    OverviewPage.main(query, true)));
        }
        if (path.equals("/api/overview")) {
            Window query = OverviewQuery.from(parameters, defaults);
            return heavy(() -> withConnection(c -> WebResponse.json(200, OverviewQuery.read(query, c, JSON))));
        }
        if (path.equals(CompareQuery.ADDRESS)) {
            CompareQuery query = CompareQuery.from(parameters, defaults);
            return heavy(() -> withConnection(c -> WebResponse.json(200, query.read(c, JSON))));
        }
        if (path.equals(RunsCsv.ADDRESS)) {
            return runsCsv(RunsCsv.from(parameters));
        }
        if (path.equals("/runs") || path.equals("/api/runs")) {
            RunsQuery query = RunsQuery.from(parameters);
            return withConnection(c -> {
                RunsQuery.Page page = query.read(c);
                return api ? WebResponse.json(200, runsJson(query, page))
                        : WebResponse.html(200, PageLayout.page("Runs", "runs", null, RunsPage.main(query, page)));
            });
        }
        Matcher run = (api ? API_RUN : RUN).matcher(path);
        if (run.matches()) {
            long id = Long.parseLong(run.group(1));
            return withConnection(c -> {
                Optional<RunDetails> details = runDetails(c, id);
                if (details.isEmpty()) {
                    return WebResponse.error(api, 404, "no experiment " + id);
                }
                OffsetDateTime now = OffsetDateTime.now();
                FailureLines failure = FailureLines.of(details.get().row(),
                        FailureExplainer.read(c, details.get().row().executionArn()), null);
                return api ? WebResponse.json(200, RunJson.of(details.get(), failure, now, JSON))
                        : WebResponse.html(200, PageLayout.page("Experiment " + id, "run", null, RunPage.main(details.get(), failure, now)));
            });
        }
        return WebResponse.error(api, 404, "no page at " + path);
    }

    private interface Work {
        WebResponse get() throws Exception;
    }

    /** An overview or a comparison: under the overviews' slots. */
    private WebResponse heavy(Work work) throws Exception {
        overviews.take();
        try {
            return work.get();
        } finally {
            overviews.release();
        }
    }

    /** The CSV as a download: a slot and a connection taken now (or a 503), given back when it has been written. */
    private WebResponse runsCsv(RunsCsv csv) throws Exception {
        downloads.take();
        Connection connection;
        try {
            connection = connections.borrow();
        } catch (Exception | Error e) {
            downloads.release();
            throw e;
        }
        return WebResponse.download("text/csv; charset=utf-8", csv.fileName(), new WebResponse.Download() {
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
        WebResponse apply(Connection connection) throws Exception;
    }

    private WebResponse withConnection(WithConnection work) throws Exception {
        Connection connection = connections.borrow();
        try {
            return work.apply(connection);
        } finally {
            connections.release(connection);
        }
    }
}

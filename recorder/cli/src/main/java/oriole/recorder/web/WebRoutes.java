package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oriole.recorder.cli.CellText;
import oriole.recorder.explain.FailureExplainer;
import oriole.recorder.show.FailureLines;
import oriole.recorder.show.RunDetails;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.text.ErrorLine;

/** The view's addresses: three pages, their JSON API, and the files the pages load. GET only. */
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

    private final ReadOnlyConnections connections;
    private final OverviewQuery defaults;
    private final HostCheck hosts;

    WebRoutes(ReadOnlyConnections connections, OverviewQuery defaults, HostCheck hosts) {
        this.connections = connections;
        this.defaults = defaults;
        this.hosts = hosts;
    }

    private record Response(int status, String contentType, byte[] body) {
        static Response html(int status, String html) {
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }

        static Response json(int status, Object json) {
            return new Response(status, "application/json; charset=utf-8", json.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean api = path.startsWith("/api/");
        Response response;
        try {
            String method = exchange.getRequestMethod();
            if (!hosts.allows(exchange.getRequestHeaders().getFirst("Host"))) {
                response = error(api, 403, "this view answers to 127.0.0.1 and localhost only (serve --bind to change)");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = error(api, 405, "read-only: only GET and HEAD");
            } else {
                response = route(path, parameters(exchange.getRequestURI().getRawQuery()), api);
            }
        } catch (BadRequest e) {
            response = error(api, 400, e.getMessage());
        } catch (Exception e) {
            System.err.println("serve: " + path + ": " + ErrorLine.of(e));
            response = error(api, 500, ErrorLine.of(e));
        }
        send(exchange, response);
    }

    private Response route(String path, Map<String, String> parameters, boolean api) throws Exception {
        Matcher asset = ASSET.matcher(path);
        if (asset.matches()) {
            Assets file = Assets.named(asset.group(1));
            return file == null ? error(false, 404, "no such file") : new Response(200, file.contentType, file.bytes());
        }
        if (path.equals("/")) {
            OverviewQuery query = OverviewQuery.from(parameters, defaults);
            return Response.html(200, PageLayout.page("Overview", "overview", OverviewPage.apiAddress(query),
                    OverviewPage.main(query, true)));
        }
        if (path.equals("/api/overview")) {
            OverviewQuery query = OverviewQuery.from(parameters, defaults);
            return withConnection(c -> Response.json(200, query.read(c, JSON)));
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
        String title = status == 404 ? "Not found" : status == 400 ? "Bad request" : "Error";
        return Response.html(status, PageLayout.page(title, "error", null,
                "<h1>" + title + "</h1>\n<p id=\"error\">" + Html.text(message) + "</p>\n<p><a href=\"/\">Overview</a> · <a href=\"/runs\">Runs</a></p>"));
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    /** The query string's parameters (the last of a repeated name wins). */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                throw new BadRequest("malformed query string");
            }
        }
        return parameters;
    }
}

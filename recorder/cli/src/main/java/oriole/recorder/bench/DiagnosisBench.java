package oriole.recorder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.DiagnosticQueries;
import oriole.recorder.store.DiagnosticReader;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.web.WebServer;
import oriole.recorder.window.Window;

/**
 * Diagnosis at scale: fills a schema of its own with realistic experiments and history by set operations
 * ({@code diagnosis-scale-data.sql}), then measures each diagnostic query's server time with
 * {@code EXPLAIN (ANALYZE, BUFFERS)}, the whole {@code diagnose}, {@code show} by id, ARN and name, and the web
 * view's pages.
 */
public final class DiagnosisBench {

    public static final String SCHEMA = "bench_diagnose";
    private static final Pattern PARAMETER = Pattern.compile("#\\{([a-z_]+)}");
    private static final Map<String, String> PARAMETERS = Map.of("at", "now", "since", "24 hours",
            "stuck_after", "1 hour", "log_group", "/aws/lambda/oriole-agent", "limit", "20");
    /** The windows every query is measured over, from an hour to all time (Interval.ALL), by their diagnose names. */
    public static final Map<String, String> WINDOWS = windows();
    private static final int REPEATS = 3;

    public record QueryTime(String name, int rows, double serverMillis, String plan) {
    }

    /** {@code queries}: over the default window (24 h) with their plans; {@code byWindow}: every query over each window. */
    public record Result(long experiments, long events, long generateMillis, List<QueryTime> queries,
            Map<String, List<QueryTime>> byWindow,
            double diagnoseMillis, double showByIdMillis, double showByArnMillis, double showByNameMillis,
            long experimentsBytes, long historyBytes, Map<String, Double> webMillis, Map<String, Double> browserMillis) {

        public double slowestQueryMillis() {
            return queries.stream().mapToDouble(QueryTime::serverMillis).max().orElse(0);
        }

        public double queriesServerMillis() {
            return queries.stream().mapToDouble(QueryTime::serverMillis).sum();
        }

        public double serverMillis(String window) {
            return byWindow.get(window).stream().mapToDouble(QueryTime::serverMillis).sum();
        }

        public QueryTime slowest(String window) {
            return byWindow.get(window).stream().max(java.util.Comparator.comparingDouble(QueryTime::serverMillis)).orElseThrow();
        }
    }

    private DiagnosisBench() {
    }

    public static Result run(String url, int experiments, ObjectMapper json, java.util.function.Consumer<String> progress)
            throws Exception {
        String schemaUrl = BenchSchemas.fresh(url, SCHEMA);
        long started = System.nanoTime();
        progress.accept("generating " + experiments + " experiments and " + 3L * experiments + " history events");
        try (Connection connection = DatabaseConnection.openForReading(schemaUrl)) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET bench.experiments = '" + experiments + "'");
                for (String sql : resource("diagnosis-scale-data.sql").split(";\\s*\\n")) {
                    if (!sql.strip().isEmpty() && !sql.strip().lines().allMatch(l -> l.startsWith("--"))) {
                        statement.execute(sql);
                    }
                }
                progress.accept("vacuum and analyze");
                statement.execute("VACUUM ANALYZE experiments");
                statement.execute("VACUUM ANALYZE execution_events");
                statement.execute("VACUUM ANALYZE execution_event_ids");
                statement.execute("VACUUM ANALYZE experiment_counts");
            }
            long generateMillis = (System.nanoTime() - started) / 1_000_000;
            long events = count(connection, "SELECT count(*) FROM execution_events");
            long experimentsBytes = count(connection, "SELECT pg_total_relation_size('experiments')");
            long historyBytes = count(connection, "SELECT sum(pg_total_relation_size(relid))::bigint"
                    + " FROM pg_partition_tree('execution_events')") + count(connection,
                    "SELECT pg_total_relation_size('execution_event_ids')");
            List<QueryTime> queries = new ArrayList<>();
            for (DiagnosticQueries.Query query : DiagnosticQueries.all()) {
                progress.accept("explain " + query.name());
                queries.add(explain(connection, query, PARAMETERS, json));
            }
            Map<String, List<QueryTime>> byWindow = new LinkedHashMap<>();
            for (Map.Entry<String, String> window : WINDOWS.entrySet()) {
                progress.accept("explain every query over " + window.getKey());
                Map<String, String> parameters = new java.util.HashMap<>(PARAMETERS);
                parameters.put("since", window.getValue());
                List<QueryTime> times = new ArrayList<>();
                for (DiagnosticQueries.Query query : DiagnosticQueries.all()) {
                    times.add(explain(connection, query, parameters, json));
                }
                byWindow.put(window.getKey(), times);
            }
            double diagnose = median(() -> DiagnosticReader.runAll(connection,
                    Window.defaults().parameters(java.time.Instant.now())));
            String middle = Integer.toString(experiments / 2);
            double byId = median(() -> ExperimentReader.runs(connection, middle));
            double byArn = median(() -> ExperimentReader.runs(connection,
                    "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-" + middle));
            double byName = median(() -> ExperimentReader.runs(connection, "exp-" + middle));
            progress.accept("web view");
            Map<String, Double> web = new LinkedHashMap<>();
            Map<String, Double> browser = new LinkedHashMap<>();
            webPages(schemaUrl, middle, web, browser, progress);
            return new Result(experiments, events, generateMillis, queries, byWindow, diagnose, byId, byArn, byName,
                    experimentsBytes, historyBytes, web, browser);
        } finally {
            BenchSchemas.drop(url, SCHEMA);
        }
    }

    /**
     * Each page of the web view and its API, requested from a server on this data: the median response time; and the
     * overview over 90 days and all time in headless Chromium where this machine has it, navigation to drawn.
     */
    private static void webPages(String schemaUrl, String experimentId, Map<String, Double> millis,
            Map<String, Double> browserMillis, java.util.function.Consumer<String> progress) throws Exception {
        try (WebServer server = WebServer.start(schemaUrl, "127.0.0.1", 0, Window.defaults())) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/", "/api/overview", "/api/overview?since=90d", "/api/overview?since=all", "/runs/" + experimentId,
                    "/api/runs/" + experimentId, "/runs", "/runs?status=FAILED&kind=NETWORK", "/runs?q=exp-" + experimentId)) {
                HttpRequest request = HttpRequest.newBuilder(server.address().resolve(path)).GET().build();
                try {
                    millis.put(path, median(() -> {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IOException(path + " answered " + response.statusCode());
                        }
                        return response;
                    }));
                } catch (SQLException failed) {
                    // a page that does not answer is a finding, not a reason to lose the rest of an hour's run
                    progress.accept("FAILED: " + failed.getMessage());
                    millis.put(path, Double.NaN);
                }
            }
            java.util.Optional<BrowserTiming> browser = BrowserTiming.start();
            if (browser.isEmpty()) {
                progress.accept("no Chromium and chromedriver here: the overview is not timed in a browser");
                return;
            }
            try (BrowserTiming chromium = browser.get()) {
                for (String path : List.of("/?since=90d", "/?since=all")) {
                    browserMillis.put(path, medianOf(() -> chromium.drawnMillis(server.address().resolve(path))));
                }
            }
        }
    }

    /**
     * The query's server time and its plan's scans, under the worse of its two plans: the custom plan PostgreSQL makes
     * for the values of one execution, and the generic plan it may keep for a statement prepared and run again (the
     * web view's, after five runs), which knows no window. Each is the best of a few runs (warm caches).
     */
    private static QueryTime explain(Connection connection, DiagnosticQueries.Query query, Map<String, String> values,
            ObjectMapper json)
            throws SQLException, IOException {
        QueryTime custom = explainOnce(connection, query, values, json, false);
        QueryTime generic = explainOnce(connection, query, values, json, true);
        return generic.serverMillis() > custom.serverMillis() ? generic : custom;
    }

    private static QueryTime explainOnce(Connection connection, DiagnosticQueries.Query query, Map<String, String> values,
            ObjectMapper json, boolean generic)
            throws SQLException, IOException {
        List<String> names = new ArrayList<>();
        Matcher parameters = PARAMETER.matcher(query.sql());
        while (parameters.find()) {
            names.add(parameters.group(1));
        }
        double best = Double.MAX_VALUE;
        JsonNode plan = null;
        try (Statement session = connection.createStatement()) {
            if (generic) {
                StringBuilder numbered = new StringBuilder();
                Matcher each = PARAMETER.matcher(query.sql());
                int n = 0;
                while (each.find()) {
                    each.appendReplacement(numbered, "\\$" + ++n);
                }
                each.appendTail(numbered);
                session.execute("SET plan_cache_mode = force_generic_plan");
                session.execute("PREPARE oriole_bench_query AS " + numbered);
            }
            try {
                for (int i = 0; i < REPEATS; i++) {
                    JsonNode explained = generic ? explainPrepared(session, names, values, json)
                            : explainBound(connection, query, names, values, json);
                    double millis = explained.get("Planning Time").asDouble() + explained.get("Execution Time").asDouble();
                    if (millis < best) {
                        best = millis;
                        plan = explained.get("Plan");
                    }
                }
            } finally {
                if (generic) {
                    session.execute("DEALLOCATE oriole_bench_query");
                    session.execute("RESET plan_cache_mode");
                }
            }
        }
        Set<String> scans = new LinkedHashSet<>();
        collectScans(plan, scans);
        return new QueryTime(query.name(), plan.path("Actual Rows").asInt(), best, String.join(", ", scans));
    }

    /** The plan PostgreSQL makes knowing this execution's values (bound parameters, planned for them). */
    private static JsonNode explainBound(Connection connection, DiagnosticQueries.Query query, List<String> names,
            Map<String, String> values, ObjectMapper json) throws SQLException, IOException {
        String sql = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + PARAMETER.matcher(query.sql()).replaceAll("?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int p = 0; p < names.size(); p++) {
                statement.setString(p + 1, values.get(names.get(p)));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return json.readTree(rs.getString(1)).get(0);
            }
        }
    }

    /** The generic plan of the prepared oriole_bench_query, which knows no values (the bench's own constants). */
    private static JsonNode explainPrepared(Statement session, List<String> names, Map<String, String> values,
            ObjectMapper json) throws SQLException, IOException {
        String arguments = names.stream().map(name -> "'" + values.get(name).replace("'", "''") + "'")
                .collect(java.util.stream.Collectors.joining(", "));
        try (ResultSet rs = session.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE oriole_bench_query"
                + (names.isEmpty() ? "" : "(" + arguments + ")"))) {
            rs.next();
            return json.readTree(rs.getString(1)).get(0);
        }
    }

    private static void collectScans(JsonNode node, Set<String> scans) {
        String type = node.path("Node Type").asText();
        if (type.contains("Scan")) {
            String index = node.path("Index Name").asText("");
            scans.add(type + (index.isEmpty() ? " on " + node.path("Relation Name").asText("?") : " " + index));
        }
        for (JsonNode child : node.path("Plans")) {
            collectScans(child, scans);
        }
    }

    private static Map<String, String> windows() {
        Map<String, String> windows = new LinkedHashMap<>();
        for (String window : List.of("1h", "24h", "7d", "30d", "90d", "all")) {
            windows.put(window, oriole.recorder.window.Interval.parse(window).sql());
        }
        return windows;
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double median(Work work) throws SQLException {
        double[] millis = new double[5];
        try {
            work.run(); // warm: plans prepared, pages cached
            for (int i = 0; i < millis.length; i++) {
                long started = System.nanoTime();
                work.run();
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(e.getMessage(), e);
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private interface Timed {
        double millis() throws Exception;
    }

    /** The median of five times a piece of work reports itself, after one to warm up. */
    private static double medianOf(Timed work) throws Exception {
        work.millis();
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = work.millis();
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DiagnosisBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

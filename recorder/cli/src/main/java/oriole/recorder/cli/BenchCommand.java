package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import oriole.recorder.bench.BenchSchemas;
import oriole.recorder.bench.Benchmark;
import oriole.recorder.bench.ColdStartBench;
import oriole.recorder.bench.DiagnosisBench;
import oriole.recorder.bench.ThroughputRun;
import oriole.recorder.local.EmbeddedDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Measure the recorder against a naive one-transaction-per-event design and the database"
        + " ceiling (its own SQL through JDBC with pre-built arrays), in the same run, on the same workload; with"
        + " --cold-start, fresh-JVM start-ups of the handler against a JDBC-only floor. Without --db: an embedded PostgreSQL.",
        footer = "The last line is machine-readable. Exit codes: 0 measured and verified, 1 rows differ from the expected ones, 2 could not run.")
final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DatabaseOption database;

    @Option(names = "--executions", defaultValue = "20000", description = "Executions to generate (default: ${DEFAULT-VALUE})")
    int executions;

    @Option(names = "--batch-size", defaultValue = "10", description = "Messages per batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--workers", defaultValue = "4", description = "Concurrent writers, like Lambda containers (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--duplicates", defaultValue = "0.1", description = "Share of events delivered twice (default: ${DEFAULT-VALUE})")
    double duplicates;

    @Option(names = "--seed", defaultValue = "1", description = "Workload seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds per run, interleaved; the median round is reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--cold-start", description = "Measure cold starts instead of throughput")
    boolean coldStart;

    @Option(names = "--diagnose", description = "Measure diagnose and show on generated data instead of throughput")
    boolean diagnose;

    @Option(names = "--experiments", defaultValue = "1000000", description = "With --diagnose: experiments to generate, three history events each (default: ${DEFAULT-VALUE})")
    int experiments;

    @Option(names = "--runs", defaultValue = "7", description = "With --cold-start: fresh JVMs per variant, the median is reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--lambda-jar", paramLabel = "JAR", description = "With --cold-start: the Lambda package (default: recorder-lambda.jar next to this jar)")
    Path lambdaJar;

    @Override
    public Integer call() throws Exception {
        String url = database.configuredUrl();
        if (url != null) {
            DatabaseOption.checkReachable(url);
            return measure(url);
        }
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(null, false)) {
            System.out.println("bench: no --db and no RECORDER_DB_URL: using an embedded PostgreSQL");
            return measure(embedded.url());
        }
    }

    private int measure(String url) throws Exception {
        if (diagnose) {
            return measureDiagnosis(url);
        }
        return coldStart ? measureColdStart(url) : measureThroughput(url);
    }

    private int measureThroughput(String url) throws Exception {
        Benchmark.Report report = Benchmark.run(url, new Benchmark.Settings(executions, batchSize, workers, duplicates, seed, rounds),
                JSON, step -> System.err.println("bench: " + step));
        System.out.printf(Locale.ROOT, "bench: %d executions, %d events (%.0f%% duplicates), %d batches of up to %d, %d workers, seed %d;"
                        + " median of %d rounds%n",
                executions, report.events(), duplicates * 100, report.batches(), batchSize, workers, seed, rounds);
        TextTable table = new TextTable("run", "events/s", "each round", "time", "p50 batch", "p99 batch", "worker CPU/event",
                "JVM CPU/event", "allocated/event", "rows");
        for (String run : report.rounds().keySet()) {
            ThroughputRun.Result result = report.median(run);
            List<String> differences = report.differences().get(run);
            table.add(run, String.format(Locale.ROOT, "%.0f", result.eventsPerSecond()),
                    report.rounds().get(run).stream().map(round -> String.format(Locale.ROOT, "%.0f", round.eventsPerSecond()))
                            .collect(java.util.stream.Collectors.joining(" ")),
                    String.format(Locale.ROOT, "%.2f s", result.nanos() / 1e9),
                    String.format(Locale.ROOT, "%.2f ms", result.percentileMillis(0.50)),
                    String.format(Locale.ROOT, "%.2f ms", result.percentileMillis(0.99)),
                    String.format(Locale.ROOT, "%.1f us", result.workerCpuMicrosPerEvent()),
                    String.format(Locale.ROOT, "%.1f us", result.jvmCpuMicrosPerEvent()),
                    String.format(Locale.ROOT, "%.1f KB", result.allocatedKilobytesPerEvent()),
                    differences.isEmpty() ? "verified" : differences.size() + " wrong");
        }
        System.out.print(table);
        double overNaive = report.eventsPerSecond("recorder") / report.eventsPerSecond("naive");
        double overCeiling = report.eventsPerSecond("recorder") / report.eventsPerSecond("ceiling");
        System.out.printf(Locale.ROOT, "recorder/naive %.2fx, recorder/ceiling %.2fx; %.1f SQL statements per batch; peak heap %d MB%n",
                overNaive, overCeiling, report.statementsPerBatch(), report.peakHeapBytes() / (1024 * 1024));
        report.differences().forEach((run, differences) -> differences.stream().limit(5)
                .forEach(difference -> System.out.println("WRONG " + run + " " + difference)));
        System.out.printf(Locale.ROOT, "bench: recorder_eps=%.0f naive_eps=%.0f ceiling_eps=%.0f recorder_over_naive=%.2f"
                        + " recorder_over_ceiling=%.2f statements_per_batch=%s%n",
                report.eventsPerSecond("recorder"), report.eventsPerSecond("naive"), report.eventsPerSecond("ceiling"),
                overNaive, overCeiling, formatCount(report.statementsPerBatch()));
        return report.correct() ? RecorderCommand.OK : RecorderCommand.REJECTED;
    }

    private int measureDiagnosis(String url) throws Exception {
        DiagnosisBench.Result result = DiagnosisBench.run(url, experiments, JSON, step -> System.err.println("bench: " + step));
        System.out.printf(Locale.ROOT, "bench: %d experiments, %d history events, generated in %.1f s%n",
                result.experiments(), result.events(), result.generateMillis() / 1000.0);
        TextTable table = new TextTable("query", "rows", "server ms", "plan (scans)");
        for (DiagnosisBench.QueryTime query : result.queries()) {
            table.add(query.name(), query.rows(), String.format(Locale.ROOT, "%.1f", query.serverMillis()), query.plan());
        }
        System.out.print(table);
        TextTable windows = new TextTable("window", "server ms, all queries", "slowest query", "its ms");
        for (String window : result.byWindow().keySet()) {
            DiagnosisBench.QueryTime slowest = result.slowest(window);
            windows.add(window, String.format(Locale.ROOT, "%.1f", result.serverMillis(window)), slowest.name(),
                    String.format(Locale.ROOT, "%.1f", slowest.serverMillis()));
        }
        System.out.print(windows);
        System.out.printf(Locale.ROOT, "diagnose: %.1f ms server time (sum of the queries), %.1f ms end to end;"
                        + " show by id %.2f ms, by ARN %.2f ms, by name %.2f ms (end to end)%n",
                result.queriesServerMillis(), result.diagnoseMillis(), result.showByIdMillis(), result.showByArnMillis(),
                result.showByNameMillis());
        System.out.println("web view (median response, this machine): " + result.webMillis().entrySet().stream()
                .map(page -> String.format(Locale.ROOT, "%s %.1f ms", page.getKey(), page.getValue()))
                .collect(java.util.stream.Collectors.joining(", ")));
        if (!result.browserMillis().isEmpty()) {
            System.out.println("overview in headless Chromium (median, navigation to drawn): " + result.browserMillis()
                    .entrySet().stream().map(page -> String.format(Locale.ROOT, "%s %.1f ms", page.getKey(), page.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        System.out.printf(Locale.ROOT, "disk: experiments %.0f MB (%.0f bytes a row), history %.0f MB (%.0f bytes an event),"
                        + " indexes included%n", result.experimentsBytes() / 1e6,
                (double) result.experimentsBytes() / result.experiments(), result.historyBytes() / 1e6,
                (double) result.historyBytes() / result.events());
        System.out.println("bench-diagnose-windows: " + result.byWindow().keySet().stream()
                .map(window -> String.format(Locale.ROOT, "%s=%.1f", window, result.serverMillis(window)))
                .collect(java.util.stream.Collectors.joining(" ")));
        System.out.printf(Locale.ROOT, "bench-diagnose: experiments=%d events=%d slowest_query_ms=%.1f diagnose_server_ms=%.1f"
                        + " diagnose_ms=%.1f show_ms=%.2f slowest_page_ms=%.1f%n", result.experiments(), result.events(),
                result.slowestQueryMillis(), result.queriesServerMillis(), result.diagnoseMillis(),
                Math.max(result.showByIdMillis(), Math.max(result.showByArnMillis(), result.showByNameMillis())),
                result.webMillis().values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        if (result.webMillis().values().stream().anyMatch(millis -> millis.isNaN())) {
            System.err.println("bench: a page of the web view did not answer (NaN above): see the FAILED line");
            return 1;
        }
        return RecorderCommand.OK;
    }

    private int measureColdStart(String url) throws Exception {
        Path jar = lambdaJar != null ? lambdaJar : defaultLambdaJar();
        if (!Files.isRegularFile(jar)) {
            throw new CommandFailure("no Lambda package at " + jar + " (build it: mvn -B -q package -DskipTests)");
        }
        String schemaUrl = BenchSchemas.fresh(url, "bench_cold_start");
        ColdStartBench.Result result = ColdStartBench.run(schemaUrl, jar, runs, JSON);
        BenchSchemas.drop(url, "bench_cold_start");
        TextTable table = new TextTable("fresh JVM (" + runs + " runs, median)", "wall ms");
        table.add("floor: PostgreSQL driver, connect + 10-row upsert", result.floorMillis());
        table.add("handler, batch of 10 (AppCDS, C1, Serial GC)", result.recorderMillis());
        table.add("handler, batch of 10 (JVM defaults)", result.recorderDefaultMillis());
        System.out.print(table);
        System.out.printf(Locale.ROOT, "cold-start: recorder_ms=%d floor_ms=%d ratio=%.2f%n", result.recorderMillis(),
                result.floorMillis(), result.ratio());
        return RecorderCommand.OK;
    }

    private static Path defaultLambdaJar() throws Exception {
        Path running = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return running.resolveSibling("recorder-lambda.jar");
    }

    private static String formatCount(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

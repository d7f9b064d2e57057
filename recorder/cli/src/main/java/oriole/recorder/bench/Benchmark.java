package oriole.recorder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import oriole.recorder.store.StatementCounter;

/**
 * The throughput benchmark: the same shuffled, duplicated workload through (1) the recorder as the handler
 * runs it, (2) the naive one-transaction-per-event design, (3) the recorder's SQL straight through JDBC with
 * pre-built arrays (the database ceiling); each with the same workers, each after a warm-up, each in a
 * schema of its own, each checked against the rows the events call for.
 */
public final class Benchmark {

    /** @param rounds measured rounds per run, interleaved (recorder, naive, ceiling, recorder, ...); medians are reported */
    public record Settings(int executions, int batchSize, int workers, double duplicates, long seed, int rounds) {
    }

    /** @param rounds every measured round of each run, in order */
    public record Report(Settings settings, int events, int batches, Map<String, List<ThroughputRun.Result>> rounds,
            double statementsPerBatch, long peakHeapBytes, Map<String, List<String>> differences) {

        /** The run's median round by events/s (its latencies and CPU figures are reported with it). */
        public ThroughputRun.Result median(String run) {
            List<ThroughputRun.Result> sorted = new ArrayList<>(rounds.get(run));
            sorted.sort(java.util.Comparator.comparingDouble(ThroughputRun.Result::eventsPerSecond));
            return sorted.get(sorted.size() / 2);
        }

        public double eventsPerSecond(String run) {
            return median(run).eventsPerSecond();
        }

        public boolean correct() {
            return differences.values().stream().allMatch(List::isEmpty);
        }
    }

    public static final List<String> RUNS = List.of("recorder", "naive", "ceiling");

    private Benchmark() {
    }

    public static Report run(String url, Settings settings, ObjectMapper json, Consumer<String> progress) throws Exception {
        progress.accept("generating " + settings.executions() + " executions");
        Workload workload = Workload.generate("bench-", settings.executions(), settings.batchSize(), settings.duplicates(),
                settings.seed(), json);
        Workload warmUp = Workload.generate("warm-", Math.max(100, settings.executions() / 5), settings.batchSize(),
                settings.duplicates(), settings.seed() + 7, json);
        List<List<CeilingStatements.Prepared>> ceiling = CeilingStatements.build(workload.batches(), json);
        List<List<CeilingStatements.Prepared>> ceilingWarmUp = CeilingStatements.build(warmUp.batches(), json);

        Map<String, String> schemaUrls = new LinkedHashMap<>();
        for (String run : RUNS) {
            String schemaUrl = BenchSchemas.fresh(url, "bench_" + run);
            schemaUrls.put(run, schemaUrl);
            warmUp(run, warmUp, settings.workers(), writers(run, schemaUrl, json, ceilingWarmUp), schemaUrl, progress);
        }
        Map<String, List<ThroughputRun.Result>> rounds = new LinkedHashMap<>();
        Map<String, List<String>> differences = new LinkedHashMap<>();
        long statements = 0;
        long peakHeap = 0;
        // Interleaved rounds: a slow moment of the machine (a checkpoint, a noisy neighbour) falls on one round
        // of one run, not on a whole run; the median round of each run is reported.
        for (int round = 1; round <= settings.rounds(); round++) {
            for (String run : RUNS) {
                String schemaUrl = schemaUrls.get(run);
                if (round > 1) {
                    refill(run, warmUp, settings.workers(), writers(run, schemaUrl, json, ceilingWarmUp), schemaUrl);
                }
                BenchSchemas.analyze(schemaUrl);
                // Every round starts with the WAL flushed, so no round pays for the previous one's checkpoint.
                BenchSchemas.checkpoint(schemaUrl);
                progress.accept("measuring " + run + ", round " + round + " of " + settings.rounds());
                resetPeakHeap();
                long statementsBefore = StatementCounter.total();
                rounds.computeIfAbsent(run, r -> new ArrayList<>()).add(ThroughputRun.run(run, workload.batches(),
                        workload.events(), settings.workers(), writers(run, schemaUrl, json, ceiling)));
                if (run.equals("recorder")) {
                    statements += StatementCounter.total() - statementsBefore;
                    peakHeap = Math.max(peakHeap, peakHeap());
                }
                List<String> wrong = RowCheck.differences(schemaUrl, workload.expected());
                differences.merge(run, wrong, (earlier, now) -> earlier.isEmpty() ? now : earlier);
            }
        }
        for (String run : RUNS) {
            BenchSchemas.drop(url, "bench_" + run);
        }
        double statementsPerBatch = statements / (double) workload.batches().size() / settings.rounds();
        return new Report(settings, workload.events(), workload.batches().size(), rounds, statementsPerBatch, peakHeap,
                differences);
    }

    /** Empty tables, then the warm-up workload written: how every measured round finds its tables. */
    private static ThroughputRun.Result refill(String run, Workload warmUp, int workers, Supplier<BatchWriter> writers,
            String schemaUrl) throws Exception {
        BenchSchemas.empty(schemaUrl);
        return ThroughputRun.run(run, warmUp.batches(), warmUp.events(), workers, writers);
    }

    /**
     * Steady state, not start-up: the warm-up workload runs again until a round leaves the JIT compilers
     * (nearly) idle, so no compilation competes with PostgreSQL for the CPU during the measured rounds. The last
     * round's rows stay and are analyzed: like a production table, a measured round starts with statistics,
     * so the plans prepared by its connections are not the ones made for an empty table.
     */
    private static void warmUp(String run, Workload warmUp, int workers, Supplier<BatchWriter> writers, String schemaUrl,
            Consumer<String> progress) throws Exception {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            long compiledBefore = jit.getTotalCompilationTime();
            ThroughputRun.Result result = refill(run, warmUp, workers, writers, schemaUrl);
            long compileMillis = jit.getTotalCompilationTime() - compiledBefore;
            progress.accept(String.format(java.util.Locale.ROOT, "warming up %s: round %d, %.0f events/s, %d ms compiling",
                    run, round, result.eventsPerSecond(), compileMillis));
            if (compileMillis < result.nanos() / 1_000_000 / 50) {
                break;
            }
        }
    }

    private static final int MAX_WARM_UP_ROUNDS = 20;

    private static Supplier<BatchWriter> writers(String run, String schemaUrl, ObjectMapper json,
            List<List<CeilingStatements.Prepared>> ceiling) {
        return () -> {
            try {
                return switch (run) {
                    case "recorder" -> new RecorderWriter(schemaUrl, json, false);
                    case "naive" -> new RecorderWriter(schemaUrl, json, true);
                    default -> new CeilingWriter(schemaUrl, ceiling);
                };
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static void resetPeakHeap() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pools.add(pool);
            }
        }
        return pools;
    }
}

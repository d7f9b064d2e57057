package oriole.recorder.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import oriole.recorder.lambda.QueuedMessage;

/** Runs the batches through {@code workers} writers at once, each pulling the next batch, and times it. */
public final class ThroughputRun {

    /** @param jvmCpuNanos CPU the whole JVM used during the run (workers, JIT, GC): the recorder's own cost. */
    public record Result(String name, int events, long nanos, long[] batchNanos, long jvmCpuNanos, long workerCpuNanos) {
        public double jvmCpuMicrosPerEvent() {
            return jvmCpuNanos / 1000.0 / events;
        }

        /** CPU the workers' own threads spent per event (no JIT, no GC): what the client code costs. */
        public double workerCpuMicrosPerEvent() {
            return workerCpuNanos / 1000.0 / events;
        }

        public double eventsPerSecond() {
            return events * 1e9 / nanos;
        }

        public double percentileMillis(double p) {
            long[] sorted = batchNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    private ThroughputRun() {
    }

    static Result run(String name, List<List<QueuedMessage>> batches, int events, int workers,
            Supplier<BatchWriter> writers) throws Exception {
        long[] batchNanos = new long[batches.size()];
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.LongAdder workerCpu = new java.util.concurrent.atomic.LongAdder();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        try {
            List<Future<Object>> running = new java.util.ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    try (BatchWriter writer = writers.get()) {
                        long cpuBegin = threads.getCurrentThreadCpuTime();
                        for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                            long begin = System.nanoTime();
                            writer.write(i, batches.get(i));
                            batchNanos[i] = System.nanoTime() - begin;
                        }
                        workerCpu.add(threads.getCurrentThreadCpuTime() - cpuBegin);
                    }
                    return null;
                }));
            }
            for (Future<Object> worker : running) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long nanos = System.nanoTime() - started;
        return new Result(name, events, nanos, batchNanos, processCpuNanos() - cpuBefore, workerCpu.sum());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}

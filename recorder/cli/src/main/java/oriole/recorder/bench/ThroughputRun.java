package oriole.recorder.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import oriole.recorder.contract.QueuedMessage;

/** Runs the batches through {@code workers} writers at once, each pulling the next batch, and times it. */
public final class ThroughputRun {

    /**
     * @param jvmCpuNanos CPU the whole JVM used during the run (workers, JIT, GC): the recorder's own cost
     * @param workerCpuNanos CPU of the workers' own threads (no JIT, no GC): what the client code costs
     * @param workerAllocatedBytes heap the workers allocated: what the garbage collector must then reclaim
     */
    public record Result(String name, int events, long nanos, long[] batchNanos, long jvmCpuNanos, long workerCpuNanos,
            long workerAllocatedBytes) {
        public double jvmCpuMicrosPerEvent() {
            return jvmCpuNanos / 1000.0 / events;
        }

        public double workerCpuMicrosPerEvent() {
            return workerCpuNanos / 1000.0 / events;
        }

        public double allocatedKilobytesPerEvent() {
            return workerAllocatedBytes / 1024.0 / events;
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

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThroughputRun() {
    }

    static Result run(String name, List<List<QueuedMessage>> batches, int events, int workers,
            Supplier<BatchWriter> writers) throws Exception {
        long[] batchNanos = new long[batches.size()];
        AtomicInteger next = new AtomicInteger();
        LongAdder workerCpu = new LongAdder();
        LongAdder workerAllocated = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        try {
            List<Future<Object>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    try (BatchWriter writer = writers.get()) {
                        long cpuBegin = THREADS.getCurrentThreadCpuTime();
                        long allocatedBegin = THREADS.getCurrentThreadAllocatedBytes();
                        for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                            long begin = System.nanoTime();
                            writer.write(i, batches.get(i));
                            batchNanos[i] = System.nanoTime() - begin;
                        }
                        workerCpu.add(THREADS.getCurrentThreadCpuTime() - cpuBegin);
                        workerAllocated.add(THREADS.getCurrentThreadAllocatedBytes() - allocatedBegin);
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
        return new Result(name, events, nanos, batchNanos, processCpuNanos() - cpuBefore, workerCpu.sum(),
                workerAllocated.sum());
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

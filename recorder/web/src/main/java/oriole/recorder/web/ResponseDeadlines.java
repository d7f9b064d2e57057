package oriole.recorder.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A response must keep leaving: a client that stops reading loses its connection, and its worker is free again.
 *
 * <p>The JDK's server has such a limit of its own ({@code sun.net.httpserver.maxRspTime}), but it counts from the end
 * of the request to the end of the response: it would cut a download of a big table, which takes minutes even on a
 * fast network. Here a page's answer still has its {@link WebServer#RESPONSE_SECONDS} in all (the deadline given to
 * {@link #watch}), and every single write, a download's included, has them too: a download goes on for as long as
 * the client takes its bytes.
 *
 * <p>A late write is cut by interrupting the thread that waits in it: the JDK's server writes to a blocking
 * {@code SocketChannel}, which an interrupt closes ({@code ClosedByInterruptException}); the worker then returns
 * and the client sees its connection end. A thread is interrupted only while it is inside a watched write, never
 * while it reads the database.
 */
final class ResponseDeadlines implements AutoCloseable {

    /** A download's: no end to the whole, only to each write. */
    static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final long TICK_MILLIS = 200;

    private final long writeNanos;
    private final Set<WatchedBody> writing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "oriole-web-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** @param writeSeconds how long one write may wait for the client */
    ResponseDeadlines(int writeSeconds) {
        this.writeNanos = TimeUnit.SECONDS.toNanos(writeSeconds);
        clock.scheduleWithFixedDelay(this::cutLateWrites, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code body} under watch, for the calling thread (the one that will write).
     *
     * @param deadline the {@link System#nanoTime()} by which the whole response must have left, or {@link #NO_DEADLINE}
     *                 (a download: each write still bounded)
     */
    WatchedBody watch(OutputStream body, long deadline) {
        return new WatchedBody(body, deadline);
    }

    private void cutLateWrites() {
        long now = System.nanoTime();
        for (WatchedBody body : writing) {
            body.cutIfLate(now);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }

    /** A write to the client: the body's bytes or the headers. */
    interface Write {
        void run() throws IOException;
    }

    /** A response body whose every write is timed; {@link #during} times the headers' write too. */
    final class WatchedBody extends OutputStream {

        private final OutputStream out;
        private final long deadline;
        private final Thread writer = Thread.currentThread();
        // guarded by this
        private boolean inWrite;
        private long writeStarted;
        private boolean cut;

        private WatchedBody(OutputStream out, long deadline) {
            this.out = out;
            this.deadline = deadline;
        }

        void during(Write write) throws IOException {
            begin();
            try {
                write.run();
            } finally {
                end();
            }
        }

        @Override
        public void write(int b) throws IOException {
            during(() -> out.write(b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            during(() -> out.write(bytes, offset, length));
        }

        @Override
        public void flush() throws IOException {
            during(out::flush);
        }

        @Override
        public void close() throws IOException {
            during(out::close);
        }

        private void begin() throws IOException {
            synchronized (this) {
                if (cut) {
                    throw cutShort();
                }
                inWrite = true;
                writeStarted = System.nanoTime();
            }
            writing.add(this);
        }

        private void end() throws IOException {
            boolean wasCut;
            synchronized (this) {
                inWrite = false;
                wasCut = cut;
            }
            writing.remove(this);
            if (wasCut) {
                // The interrupt was for this write alone: the worker goes back to its pool without it.
                Thread.interrupted();
                throw cutShort();
            }
        }

        private synchronized void cutIfLate(long now) {
            boolean pastDeadline = deadline != NO_DEADLINE && now - deadline >= 0;
            if (inWrite && !cut && (now - writeStarted >= writeNanos || pastDeadline)) {
                cut = true;
                writer.interrupt();
            }
        }

        private IOException cutShort() {
            return new IOException("the client did not take the response in time (" + TimeUnit.NANOSECONDS.toSeconds(writeNanos)
                    + " s for each write, a page's whole answer included): connection closed");
        }
    }
}

package oriole.recorder.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A share of the view's connections for one kind of heavy request (overviews, downloads): so many at once, and a
 * request that finds them all taken for a while is a short 503 that says why, never a queue.
 */
final class RequestSlots {

    private final Semaphore free;
    private final String busy;

    /** @param busy what a request that found no slot is told */
    RequestSlots(int count, String busy) {
        this.free = new Semaphore(count);
        this.busy = busy;
    }

    /** A slot, or {@link Unavailable}: give it back with {@link #release}. */
    void take() throws InterruptedException {
        if (!free.tryAcquire(ReadOnlyConnections.WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new Unavailable(busy);
        }
    }

    void release() {
        free.release();
    }
}

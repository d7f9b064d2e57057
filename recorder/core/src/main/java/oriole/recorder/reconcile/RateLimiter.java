package oriole.recorder.reconcile;

import java.util.function.LongSupplier;

/**
 * A token bucket: up to {@code burst} calls at once, then {@code perSecond} calls a second. Keeps the
 * reconciler under the Step Functions API quota instead of discovering it through throttling.
 */
public final class RateLimiter {

    /** How the limiter waits; a test can record the waits instead of sleeping. */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double perSecond;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, double burst) {
        this(perSecond, burst, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public RateLimiter(double perSecond, double burst, LongSupplier clock, Sleeper sleeper) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    public synchronized void acquire() throws InterruptedException {
        refill();
        if (tokens < 1) {
            long wait = (long) Math.ceil((1 - tokens) / perSecond * 1_000_000_000L);
            sleeper.sleep(wait);
            refill();
        }
        tokens -= 1;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1_000_000_000.0 * perSecond);
        last = now;
    }
}

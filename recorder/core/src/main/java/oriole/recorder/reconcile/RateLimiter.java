package oriole.recorder.reconcile;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * Keeps the reconciler and backfill under the Step Functions API quota instead of discovering it through
 * throttling: at most {@code perSecond} calls a second, counted by resilience4j's rate limiter.
 */
public final class RateLimiter {

    private final io.github.resilience4j.ratelimiter.RateLimiter limiter;

    public RateLimiter(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("calls per second must be positive: " + perSecond);
        }
        // resilience4j hands out whole permits per refresh period: under one call a second, one permit a period.
        int permits = (int) Math.max(1, Math.floor(perSecond));
        Duration period = Duration.ofNanos((long) (permits / perSecond * 1_000_000_000L));
        this.limiter = io.github.resilience4j.ratelimiter.RateLimiter.of("step-functions", RateLimiterConfig.custom()
                .limitForPeriod(permits)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ofHours(1))
                .build());
    }

    /** Waits for the next call's turn. */
    public void acquire() throws InterruptedException {
        if (!limiter.acquirePermission()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped while waiting for the Step Functions quota");
            }
            throw new IllegalStateException("no Step Functions call permitted within an hour");
        }
    }
}

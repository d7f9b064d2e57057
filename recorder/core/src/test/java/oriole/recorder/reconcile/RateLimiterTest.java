package oriole.recorder.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    long now = 0;
    final List<Long> waits = new ArrayList<>();
    final RateLimiter limiter = new RateLimiter(10, 3, () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void aBurstPassesThenCallsAreSpacedAtTheRate() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }

        assertThat(waits).as("three at once, then one every 100 ms").containsExactly(100_000_000L, 100_000_000L);
    }

    @Test
    void idleTimeRefillsTheBucketUpToTheBurst() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        now += 10_000_000_000L;
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }

        assertThat(waits).isEmpty();
        limiter.acquire();
        assertThat(waits).containsExactly(100_000_000L);
    }
}

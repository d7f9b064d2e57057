package oriole.recorder.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void callsAreSpacedToTheRate() throws Exception {
        RateLimiter limiter = new RateLimiter(10);
        long started = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            limiter.acquire();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(millis).as("25 calls at 10 a second: two waits of up to a second").isBetween(1_000L, 4_000L);
    }

    @Test
    void aFractionalRateIsKept() throws Exception {
        RateLimiter limiter = new RateLimiter(2.5);
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("two a 0.8 s period")
                .isGreaterThanOrEqualTo(1_500L);
        assertThatThrownBy(() -> new RateLimiter(0)).hasMessageContaining("must be positive");
    }
}

package oriole.recorder.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderKeyTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant REUSED_91_DAYS_LATER = Instant.parse("2026-04-02T10:00:00Z");

    private static OrderKey key(int redriveCount, ExecutionStatus status) {
        return OrderKey.of(START, redriveCount, status);
    }

    @Test
    void runningComesBeforeEveryTerminalStatusWhichComesBeforePendingRedrive() {
        for (ExecutionStatus terminal : List.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
                ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED)) {
            assertThat(key(0, terminal).isAfter(key(0, ExecutionStatus.RUNNING))).as(terminal.name()).isTrue();
            assertThat(key(0, ExecutionStatus.PENDING_REDRIVE).isAfter(key(0, terminal))).isTrue();
        }
    }

    @Test
    void aRedriveComesAfterEverythingOfTheGenerationBefore() {
        assertThat(key(1, ExecutionStatus.RUNNING).isAfter(key(0, ExecutionStatus.PENDING_REDRIVE))).isTrue();
        assertThat(key(1, ExecutionStatus.RUNNING).isAfter(key(0, ExecutionStatus.FAILED))).isTrue();
        assertThat(key(2, ExecutionStatus.RUNNING).isAfter(key(1, ExecutionStatus.SUCCEEDED))).isTrue();
    }

    @Test
    void aNewRunUnderAReusedNameComesAfterEverythingOfTheOldRun() {
        OrderKey newRunning = OrderKey.of(REUSED_91_DAYS_LATER, 0, ExecutionStatus.RUNNING);
        assertThat(newRunning.isAfter(key(3, ExecutionStatus.PENDING_REDRIVE))).isTrue();
        assertThat(newRunning.isAfter(key(0, ExecutionStatus.FAILED))).isTrue();
        assertThat(newRunning.sameRunAs(key(0, ExecutionStatus.FAILED))).isFalse();
        assertThat(key(2, ExecutionStatus.RUNNING).sameRunAs(key(0, ExecutionStatus.FAILED)))
                .as("a redrive keeps its run's startDate").isTrue();
    }

    @Test
    void everyEventComesAfterARowWithoutStatus() {
        assertThat(OrderKey.of(Instant.EPOCH, 0, ExecutionStatus.RUNNING).isAfter(OrderKey.NONE)).isTrue();
    }

    @Test
    void aLifecycleSortsIntoItsOwnOrderWhateverTheArrival() {
        List<OrderKey> lifecycle = List.of(key(0, ExecutionStatus.RUNNING), key(0, ExecutionStatus.FAILED),
                key(0, ExecutionStatus.PENDING_REDRIVE), key(1, ExecutionStatus.RUNNING),
                key(1, ExecutionStatus.TIMED_OUT), key(2, ExecutionStatus.RUNNING),
                key(2, ExecutionStatus.SUCCEEDED), OrderKey.of(REUSED_91_DAYS_LATER, 0, ExecutionStatus.RUNNING));
        List<OrderKey> shuffled = new ArrayList<>(lifecycle);
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(lifecycle);
        assertThat(key(1, ExecutionStatus.RUNNING)).hasToString("(2026-01-01T10:00:00Z, 1, RUNNING)");
    }
}

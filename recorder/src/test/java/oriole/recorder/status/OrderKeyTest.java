package oriole.recorder.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderKeyTest {

    @Test
    void runningComesBeforeEveryTerminalStatusWhichComesBeforePendingRedrive() {
        for (ExecutionStatus terminal : List.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
                ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED)) {
            assertThat(OrderKey.of(0, terminal).isAfter(OrderKey.of(0, ExecutionStatus.RUNNING))).as(terminal.name()).isTrue();
            assertThat(OrderKey.of(0, ExecutionStatus.PENDING_REDRIVE).isAfter(OrderKey.of(0, terminal))).isTrue();
        }
    }

    @Test
    void aRedriveComesAfterEverythingOfTheGenerationBefore() {
        assertThat(OrderKey.of(1, ExecutionStatus.RUNNING).isAfter(OrderKey.of(0, ExecutionStatus.PENDING_REDRIVE))).isTrue();
        assertThat(OrderKey.of(1, ExecutionStatus.RUNNING).isAfter(OrderKey.of(0, ExecutionStatus.FAILED))).isTrue();
        assertThat(OrderKey.of(2, ExecutionStatus.RUNNING).isAfter(OrderKey.of(1, ExecutionStatus.SUCCEEDED))).isTrue();
    }

    @Test
    void aLifecycleSortsIntoItsOwnOrderWhateverTheArrival() {
        List<OrderKey> lifecycle = List.of(OrderKey.of(0, ExecutionStatus.RUNNING), OrderKey.of(0, ExecutionStatus.FAILED),
                OrderKey.of(0, ExecutionStatus.PENDING_REDRIVE), OrderKey.of(1, ExecutionStatus.RUNNING),
                OrderKey.of(1, ExecutionStatus.TIMED_OUT), OrderKey.of(2, ExecutionStatus.RUNNING),
                OrderKey.of(2, ExecutionStatus.SUCCEEDED));
        List<OrderKey> shuffled = new ArrayList<>(lifecycle);
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(lifecycle);
        assertThat(OrderKey.of(1, ExecutionStatus.RUNNING)).hasToString("(1, RUNNING)");
    }
}

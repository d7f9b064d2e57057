package oriole.recorder.status;

import java.util.Arrays;
import java.util.Optional;

/**
 * The six execution statuses Step Functions reports, with the rank that orders them inside one redrive
 * generation: RUNNING before every terminal status before PENDING_REDRIVE. The terminal ranks differ
 * only so that ties are broken the same way whatever the arrival order.
 */
public enum ExecutionStatus {
    RUNNING(10),
    SUCCEEDED(20),
    FAILED(21),
    TIMED_OUT(22),
    ABORTED(23),
    PENDING_REDRIVE(30);

    private final int rank;

    ExecutionStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean isFailure() {
        return this == FAILED || this == TIMED_OUT || this == ABORTED;
    }

    public static Optional<ExecutionStatus> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (name) {
            case "RUNNING" -> RUNNING;
            case "SUCCEEDED" -> SUCCEEDED;
            case "FAILED" -> FAILED;
            case "TIMED_OUT" -> TIMED_OUT;
            case "ABORTED" -> ABORTED;
            case "PENDING_REDRIVE" -> PENDING_REDRIVE;
            default -> null;
        });
    }

    public static ExecutionStatus fromRank(int rank) {
        return Arrays.stream(values())
                .filter(s -> s.rank == rank)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no status has rank " + rank));
    }
}

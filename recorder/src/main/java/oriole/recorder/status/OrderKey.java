package oriole.recorder.status;

import java.util.Comparator;

/**
 * The order of an execution's events: {@code (redriveCount, status rank)}. Event time has one-second
 * resolution and delivery is unordered, so this key is the only order the recorder trusts. The same
 * comparison is done in SQL by the upsert guard ({@code ExecutionMapper.xml}).
 */
public record OrderKey(int redriveCount, int statusRank) implements Comparable<OrderKey> {

    private static final Comparator<OrderKey> ORDER =
            Comparator.comparingInt(OrderKey::redriveCount).thenComparingInt(OrderKey::statusRank);

    public static OrderKey of(int redriveCount, ExecutionStatus status) {
        return new OrderKey(redriveCount, status.rank());
    }

    public boolean isAfter(OrderKey other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(OrderKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "(" + redriveCount + ", " + ExecutionStatus.fromRank(statusRank) + ")";
    }
}

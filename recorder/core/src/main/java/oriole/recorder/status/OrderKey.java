package oriole.recorder.status;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order of an execution's events: {@code (startDate, redriveCount, status rank)}. Event time has
 * one-second resolution and delivery is unordered, so this key is the only order the recorder trusts.
 * {@code startDate} comes first because an execution name (so its ARN) may be used again once Step
 * Functions' 90-day uniqueness window has passed: the newer run supersedes the older one. A redrive keeps
 * its run's {@code startDate}, so redrives still order by {@code redriveCount}. The same comparison is done
 * in SQL by the upsert guard ({@code ExecutionMapper.xml}).
 *
 * @param startMillis the run's startDate in epoch milliseconds ({@link Long#MIN_VALUE} when unknown)
 */
public record OrderKey(long startMillis, int redriveCount, int statusRank) implements Comparable<OrderKey> {

    /** The key of a row that holds no status yet: every event comes after it. */
    public static final OrderKey NONE = new OrderKey(Long.MIN_VALUE, -1, -1);

    private static final Comparator<OrderKey> ORDER = Comparator.comparingLong(OrderKey::startMillis)
            .thenComparingInt(OrderKey::redriveCount)
            .thenComparingInt(OrderKey::statusRank);

    public static OrderKey of(Instant startDate, int redriveCount, ExecutionStatus status) {
        return new OrderKey(startDate == null ? Long.MIN_VALUE : startDate.toEpochMilli(), redriveCount, status.rank());
    }

    public boolean isAfter(OrderKey other) {
        return compareTo(other) > 0;
    }

    /** Whether both keys belong to the same run (the same startDate). */
    public boolean sameRunAs(OrderKey other) {
        return startMillis == other.startMillis;
    }

    @Override
    public int compareTo(OrderKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        String start = startMillis == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(startMillis).toString();
        String status = statusRank < 0 ? "-" : ExecutionStatus.fromRank(statusRank).name();
        return "(" + start + ", " + redriveCount + ", " + status + ")";
    }
}

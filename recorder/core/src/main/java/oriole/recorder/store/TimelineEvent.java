package oriole.recorder.store;

import java.time.OffsetDateTime;

/** One recorded status-change event of an execution; {@code receivedPosition} is its rank in arrival order. */
public record TimelineEvent(
        String eventId,
        String status,
        Integer redriveCount,
        OffsetDateTime startDate,
        OffsetDateTime stopDate,
        OffsetDateTime eventTime,
        OffsetDateTime receivedAt,
        Integer receivedPosition,
        String error,
        String cause) {
}

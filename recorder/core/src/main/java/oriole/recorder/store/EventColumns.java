package oriole.recorder.store;

import java.util.List;
import oriole.recorder.event.StatusChangeEvent;

/**
 * The history rows of a batch as one array per column, so that one statement with a constant text
 * ({@code unnest}) inserts any number of rows. Times are epoch milliseconds; the body is made storable
 * ({@link StorableJson}).
 */
public record EventColumns(
        SqlArray eventIds,
        SqlArray executionArns,
        SqlArray statuses,
        SqlArray redriveCounts,
        SqlArray startMillis,
        SqlArray stopMillis,
        SqlArray timeMillis,
        SqlArray bodies) {

    public static EventColumns of(List<StatusChangeEvent> events) {
        int n = events.size();
        String[] eventIds = new String[n];
        String[] executionArns = new String[n];
        String[] statuses = new String[n];
        Integer[] redriveCounts = new Integer[n];
        Long[] startMillis = new Long[n];
        Long[] stopMillis = new Long[n];
        Long[] timeMillis = new Long[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            StatusChangeEvent event = events.get(i);
            eventIds[i] = StorableText.text(event.eventId());
            executionArns[i] = StorableText.text(event.executionArn());
            statuses[i] = event.status().name();
            redriveCounts[i] = event.redriveCount();
            startMillis[i] = Millis.of(event.startDate());
            stopMillis[i] = Millis.of(event.stopDate());
            timeMillis[i] = Millis.of(event.eventTime());
            bodies[i] = StorableJson.clean(event.rawJson());
        }
        return new EventColumns(SqlArray.of(eventIds), SqlArray.of(executionArns), SqlArray.of(statuses),
                SqlArray.of(redriveCounts), SqlArray.of(startMillis), SqlArray.of(stopMillis),
                SqlArray.of(timeMillis), SqlArray.of(bodies));
    }
}

package oriole.recorder.store;

import java.util.List;
import oriole.recorder.event.StatusChangeEvent;

/**
 * The history rows of a batch as one array per column, so that one statement with a constant text
 * ({@code unnest}) inserts any number of rows. Times are epoch milliseconds.
 */
public record EventColumns(
        String[] eventIds,
        String[] executionArns,
        String[] statuses,
        Integer[] redriveCounts,
        Long[] startMillis,
        Long[] stopMillis,
        Long[] timeMillis,
        String[] bodies) {

    public static EventColumns of(List<StatusChangeEvent> events) {
        int n = events.size();
        EventColumns columns = new EventColumns(new String[n], new String[n], new String[n], new Integer[n],
                new Long[n], new Long[n], new Long[n], new String[n]);
        for (int i = 0; i < n; i++) {
            StatusChangeEvent event = events.get(i);
            columns.eventIds[i] = event.eventId();
            columns.executionArns[i] = event.executionArn();
            columns.statuses[i] = event.status().name();
            columns.redriveCounts[i] = event.redriveCount();
            columns.startMillis[i] = Millis.of(event.startDate());
            columns.stopMillis[i] = Millis.of(event.stopDate());
            columns.timeMillis[i] = Millis.of(event.eventTime());
            columns.bodies[i] = event.rawJson();
        }
        return columns;
    }
}

package oriole.recorder.store;

import java.util.List;
import oriole.recorder.event.StatusChangeEvent;

/**
 * The history rows of a batch as one array per column, so that one statement with a constant text
 * ({@code unnest}) inserts any number of rows. Times are epoch milliseconds; the body is made storable
 * ({@link StorableJson}). {@code executionKeys} are the ARNs and message ids of the batch's executions: the
 * statement locks them as the workflow's INSERT does (V8), before the batch touches their rows.
 */
public record EventColumns(
        SqlArray eventIds,
        SqlArray executionArns,
        SqlArray statuses,
        SqlArray redriveCounts,
        SqlArray startMillis,
        SqlArray stopMillis,
        SqlArray timeMillis,
        SqlArray bodies,
        SqlArray executionKeys) {

    public static EventColumns of(List<StatusChangeEvent> events, List<ExecutionChange> changes) {
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
        String[] executionKeys = new String[2 * changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            executionKeys[2 * i] = StorableText.text(changes.get(i).executionArn());
            executionKeys[2 * i + 1] = StorableText.indexed(changes.get(i).sqsMessageId());
        }
        return new EventColumns(SqlArray.of(eventIds), SqlArray.of(executionArns), SqlArray.of(statuses),
                SqlArray.of(redriveCounts), SqlArray.of(startMillis), SqlArray.of(stopMillis),
                SqlArray.of(timeMillis), SqlArray.of(bodies), SqlArray.of(executionKeys));
    }
}

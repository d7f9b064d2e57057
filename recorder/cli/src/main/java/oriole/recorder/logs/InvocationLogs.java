package oriole.recorder.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * What a failed invocation logged: CloudWatch Logs FilterLogEvents on the function's log group, within the
 * state's window, for the request id, page by page up to a bound; the newest {@code lines} events, newest
 * last. A log group that does not exist, and no lines at all, are answers, not errors.
 */
public final class InvocationLogs {

    /** FilterLogEvents pages read at most: a window of a few minutes rarely needs a second one. */
    static final int MAX_PAGES = 10;

    private final CloudWatchLogsClient logs;

    public InvocationLogs(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /** One line: when, which stream, what. */
    public record Line(long timestamp, String logStream, String message) {
    }

    /** @param earlier how many older matching lines were left out */
    public record Result(List<Line> lines, int earlier, boolean moreThanRead) {
    }

    public Result read(String logGroup, long startMillis, long endMillis, String filterPattern, int lines) {
        List<Line> found = new ArrayList<>();
        String nextToken = null;
        int pages = 0;
        do {
            String token = nextToken;
            FilterLogEventsResponse page = logs.filterLogEvents(r -> r.logGroupName(logGroup).startTime(startMillis)
                    .endTime(endMillis).filterPattern(filterPattern).nextToken(token));
            for (FilteredLogEvent event : page.events()) {
                found.add(new Line(event.timestamp() == null ? 0 : event.timestamp(), event.logStreamName(), event.message()));
            }
            nextToken = page.nextToken();
            pages++;
        } while (nextToken != null && pages < MAX_PAGES);
        found.sort(Comparator.comparingLong(Line::timestamp));
        int earlier = Math.max(0, found.size() - lines);
        return new Result(List.copyOf(found.subList(earlier, found.size())), earlier, nextToken != null);
    }
}

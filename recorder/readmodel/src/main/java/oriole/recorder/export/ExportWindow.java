package oriole.recorder.export;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import oriole.recorder.window.Interval;

/**
 * Which runs an export holds: those started within {@code since} before {@code at}, or, without {@code since}, every
 * run (a row the workflow created that never started too), up to {@code at} when it is given. {@code export --since
 * --at} and {@code /api/runs.csv?since=&at=} mean the same runs.
 *
 * @param since null or {@link Interval#ALL}: no start of the window
 * @param at    null: now (with a {@code since}), or no end at all (without one)
 */
public record ExportWindow(Interval since, Instant at) {

    public static final ExportWindow ALL = new ExportWindow(null, null);

    public ExportWindow {
        if (since != null && since.all()) {
            since = null;
        }
    }

    /** The export statement's window parameters ({@code since}, {@code at}), each absent when it does not bound. */
    public Map<String, Object> parameters() {
        Map<String, Object> window = new HashMap<>();
        if (since != null) {
            window.put("since", since.sql());
        }
        if (at != null || since != null) {
            window.put("at", at == null ? "now" : at.toString());
        }
        return window;
    }

    /** How the window reads in a file name: {@code 7d}, {@code all}. */
    public String text() {
        return since == null ? Interval.ALL.text() : since.text();
    }
}

package oriole.recorder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import oriole.recorder.event.EventParser;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.event.InvalidEventException;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;
import oriole.recorder.store.ChangeFolder;
import oriole.recorder.store.ExecutionChange;

/**
 * The benchmark's input, made before any clock starts: realistic lifecycles (redrives included) delivered
 * shuffled with a share of duplicates, cut into batches; and the rows they must produce (the fold of each
 * execution's events, which the property tests prove equal to applying them in order).
 */
public final class Workload {

    private final List<List<QueuedMessage>> batches;
    private final List<ExecutionChange> expected;
    private final int events;

    private Workload(List<List<QueuedMessage>> batches, List<ExecutionChange> expected, int events) {
        this.batches = batches;
        this.expected = expected;
        this.events = events;
    }

    public static Workload generate(String tag, int executions, int batchSize, double duplicates, long seed,
            ObjectMapper json) {
        List<QueuedMessage> inOrder = new RandomLifecycles(json).inOrder(tag, executions, new Random(seed));
        List<QueuedMessage> delivered = RandomLifecycles.delivered(inOrder, duplicates, new Random(seed + 1));
        List<List<QueuedMessage>> batches = new ArrayList<>();
        for (int from = 0; from < delivered.size(); from += batchSize) {
            batches.add(List.copyOf(delivered.subList(from, Math.min(delivered.size(), from + batchSize))));
        }
        EventParser parser = new EventParser(json);
        List<StatusChangeEvent> parsed = new ArrayList<>(inOrder.size());
        for (QueuedMessage message : inOrder) {
            try {
                parsed.add(parser.parse(message.body()));
            } catch (InvalidEventException e) {
                throw new IllegalStateException("generated an invalid event: " + e.getMessage(), e);
            }
        }
        List<ExecutionChange> expected = new ChangeFolder(ExperimentProjection.defaults(json)).fold(parsed);
        return new Workload(batches, expected, delivered.size());
    }

    public List<List<QueuedMessage>> batches() {
        return batches;
    }

    public List<ExecutionChange> expected() {
        return expected;
    }

    public int events() {
        return events;
    }
}

package oriole.recorder.store;

import java.util.HashMap;
import java.util.Map;
import oriole.recorder.status.OrderKey;

/** The rows the upsert inserted or changed, column by column, with their order key after the statement. */
public record ChangedRows(String[] executionArns, Long[] startedMillis, Integer[] redriveCounts, Integer[] statusRanks) {

    public Map<String, OrderKey> keysByExecution() {
        Map<String, OrderKey> keys = new HashMap<>();
        for (int i = 0; i < executionArns.length; i++) {
            keys.put(executionArns[i], statusRanks[i] == null ? OrderKey.NONE : new OrderKey(
                    startedMillis[i] == null ? Long.MIN_VALUE : startedMillis[i],
                    redriveCounts[i] == null ? -1 : redriveCounts[i], statusRanks[i]));
        }
        return keys;
    }
}

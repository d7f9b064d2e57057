package oriole.recorder.store;

import java.util.HashMap;
import java.util.Map;
import oriole.recorder.status.OrderKey;

/** The rows the upsert inserted or changed, column by column, with their order key after the statement. */
public record ChangedRows(String[] executionArns, Integer[] redriveCounts, Integer[] statusRanks) {

    public Map<String, OrderKey> keysByExecution() {
        Map<String, OrderKey> keys = new HashMap<>();
        for (int i = 0; i < executionArns.length; i++) {
            keys.put(executionArns[i], new OrderKey(orMinusOne(redriveCounts[i]), orMinusOne(statusRanks[i])));
        }
        return keys;
    }

    private static int orMinusOne(Integer value) {
        return value == null ? -1 : value;
    }
}

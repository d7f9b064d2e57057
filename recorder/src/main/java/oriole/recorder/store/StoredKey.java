package oriole.recorder.store;

import oriole.recorder.status.OrderKey;

/** An experiments row's order key after the upsert. */
public record StoredKey(String executionArn, Integer redriveCount, Integer statusRank) {
    public OrderKey orderKey() {
        return new OrderKey(redriveCount == null ? -1 : redriveCount, statusRank == null ? -1 : statusRank);
    }
}

package oriole.recorder.store;

/**
 * What applying a set of events did.
 *
 * @param applied   new events whose execution row now holds their batch's newest status for it
 * @param stale     new events older than what the row already held (kept in history, status untouched)
 * @param duplicate events whose id was recorded before (nothing changed)
 */
public record StoreOutcome(int applied, int stale, int duplicate) {
    public static final StoreOutcome NOTHING = new StoreOutcome(0, 0, 0);

    public StoreOutcome plus(StoreOutcome other) {
        return new StoreOutcome(applied + other.applied, stale + other.stale, duplicate + other.duplicate);
    }

    public int total() {
        return applied + stale + duplicate;
    }
}

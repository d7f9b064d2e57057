package oriole.recorder.store;

import java.time.Instant;

/** Instants travel to SQL as epoch milliseconds (exact, and an array of them binds as bigint[]). */
final class Millis {
    private Millis() {
    }

    static Long of(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}

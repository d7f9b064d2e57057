package oriole.recorder.store;

/** The ids of the events the history insert had not seen before. */
public record NewEvents(String[] eventIds) {
}

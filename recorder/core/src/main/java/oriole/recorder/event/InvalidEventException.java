package oriole.recorder.event;

/** A message that is not a valid Execution Status Change event; the message says which field and why. */
public final class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }
}

package oriole.recorder.status;

/** Why an execution did not succeed, in the terms users ask about. */
public enum FailureKind {
    /** The execution or a Lambda in it ran out of time. */
    TIMEOUT,
    /** A Lambda was killed for exceeding its memory. */
    OUT_OF_MEMORY,
    /** A connection was refused, reset or timed out, or a host was not found. */
    NETWORK,
    /** An unhandled exception, a runtime exit, or a task failure. */
    CRASH,
    /** Someone stopped the execution. */
    ABORTED,
    /** Failed without an error or cause that tells why. */
    UNKNOWN
}

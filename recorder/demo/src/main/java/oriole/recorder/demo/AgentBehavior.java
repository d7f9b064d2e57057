package oriole.recorder.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the demo's agent does, chosen by the experiment message's {@code behavior}: each ending oriole's agent can
 * have, so that every status and failure kind the recorder tells apart can be produced on purpose.
 */
public enum AgentBehavior {
    /** Succeeds, goal found: SUCCEEDED, goal_found true. */
    GOAL,
    /** Succeeds without finding the goal: SUCCEEDED, goal_found false. */
    NO_GOAL,
    /** Throws: caught, FinalizeOnError, FAILED with kind CRASH. */
    THROW,
    /** Cannot connect (connection refused): FAILED with kind NETWORK. */
    NETWORK,
    /** Sleeps past the function's timeout: Lambda stops it (Sandbox.Timedout), kind TIMEOUT. */
    TIMEOUT,
    /** Allocates until the heap is exhausted (java.lang.OutOfMemoryError): kind OUT_OF_MEMORY. */
    OUT_OF_MEMORY;

    /** The name in a message: lower case with dashes ({@code no-goal}, {@code out-of-memory}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AgentBehavior of(String label) {
        for (AgentBehavior behavior : values()) {
            if (behavior.label().equals(label)) {
                return behavior;
            }
        }
        throw new IllegalArgumentException("unknown behavior '" + label + "': one of "
                + Arrays.stream(values()).map(AgentBehavior::label).collect(Collectors.joining(", ")));
    }
}

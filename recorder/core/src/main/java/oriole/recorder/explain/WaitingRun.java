package oriole.recorder.explain;

/** A finished run whose failure is not explained yet (for its latest redrive). */
public record WaitingRun(String executionArn, String executionStatus, Integer redriveCount) {
}

package oriole.recorder.reconcile;

/** What one execution's reconciliation found. */
public enum ReconcileOutcome {
    /** Step Functions knew more than the row: a later status, or the payload the events lacked. */
    HEALED,
    /** Still running: nothing was lost, it is just long. */
    STILL_RUNNING,
    /** The row already said what Step Functions says. */
    UNCHANGED,
    /** Step Functions does not know the execution (deleted, other account or region): not asked again. */
    EXECUTION_DOES_NOT_EXIST
}

package oriole.recorder.contract;

/**
 * The environment variables the deployed functions read, with their defaults: one list that the recorder
 * (which reads them) and the stack (which sets them) share, so a renamed variable cannot drift apart.
 */
public final class RecorderEnvironment {

    /** A JDBC URL; local use. When set, the secret is not read. */
    public static final String DATABASE_URL = "RECORDER_DB_URL";
    public static final String DATABASE_SECRET_ARN = "RECORDER_DB_SECRET_ARN";
    public static final String DATABASE_HOST = "RECORDER_DB_HOST";
    public static final String DATABASE_PORT = "RECORDER_DB_PORT";
    public static final String DATABASE_NAME = "RECORDER_DB_NAME";
    public static final String DATABASE_SSL_MODE = "RECORDER_DB_SSLMODE";
    public static final String DATABASE_SSL_ROOT_CERT = "RECORDER_DB_SSLROOTCERT";
    public static final String DEFAULT_DATABASE_PORT = "5432";
    public static final String DEFAULT_DATABASE_NAME = "postgres";

    /** JSON pointers into an execution's input and output, each defaulting to the oriole workflow's field. */
    public static final String MESSAGE_ID_POINTER = "RECORDER_MESSAGE_ID_POINTER";
    public static final String GOAL_FOUND_POINTER = "RECORDER_GOAL_FOUND_POINTER";
    public static final String MODEL_NAME_POINTER = "RECORDER_MODEL_NAME_POINTER";
    public static final String TEMPERATURE_POINTER = "RECORDER_TEMPERATURE_POINTER";
    public static final String DEFAULT_MESSAGE_ID_POINTER = "/messageId";
    public static final String DEFAULT_GOAL_FOUND_POINTER = "/goalFound";
    public static final String DEFAULT_MODEL_NAME_POINTER = "/modelName";
    public static final String DEFAULT_TEMPERATURE_POINTER = "/temperature";
    /**
     * Where a SUCCEEDED execution's output carries an error its workflow caught ({@code {"Error", "Cause"}}, what a
     * Catch with {@code ResultPath: $.errorInfo} leaves): such a run is recorded as a caught failure.
     */
    public static final String CAUGHT_ERROR_POINTER = "RECORDER_CAUGHT_ERROR_POINTER";
    public static final String DEFAULT_CAUGHT_ERROR_POINTER = "/errorInfo";

    /** The scheduled reconciler. */
    public static final String RECONCILE_OLDER_THAN_MINUTES = "RECORDER_RECONCILE_OLDER_THAN_MINUTES";
    public static final String RECONCILE_LIMIT = "RECORDER_RECONCILE_LIMIT";
    public static final String RECONCILE_RATE = "RECORDER_RECONCILE_RATE";
    public static final String DEFAULT_RECONCILE_OLDER_THAN_MINUTES = "15";
    public static final String DEFAULT_RECONCILE_LIMIT = "500";
    public static final String DEFAULT_RECONCILE_RATE = "10";

    /** The scheduled prune: history older than this many days goes. */
    public static final String HISTORY_RETENTION_DAYS = "RECORDER_HISTORY_RETENTION_DAYS";
    public static final String DEFAULT_HISTORY_RETENTION_DAYS = "400";

    /** The namespace of the recorder's and the reconciler's CloudWatch metrics, which the stack's alarms read. */
    public static final String METRICS_NAMESPACE = "oriole/ExecutionTracking";

    /** The Lambda handlers, as the stack names them. */
    public static final String RECORDER_HANDLER = "oriole.recorder.lambda.RecorderHandler::handleRequest";
    public static final String RECONCILER_HANDLER = "oriole.recorder.lambda.ReconcileHandler::handleRequest";
    public static final String PRUNE_HANDLER = "oriole.recorder.lambda.PruneHandler::handleRequest";

    private RecorderEnvironment() {
    }
}

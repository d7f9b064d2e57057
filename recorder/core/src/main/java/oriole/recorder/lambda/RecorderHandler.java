package oriole.recorder.lambda;

import oriole.recorder.contract.RecorderEnvironment;
import oriole.recorder.contract.QueuedMessage;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import oriole.recorder.event.ExperimentProjection;

/**
 * The recorder Lambda: {@code oriole.recorder.lambda.RecorderHandler::handleRequest}, fed by the status
 * queue's event source mapping with {@code ReportBatchItemFailures}. Returns the ids of the messages that
 * were not committed; every other message of the batch is.
 */
public final class RecorderHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    public static final String DATABASE_URL_VARIABLE = RecorderEnvironment.DATABASE_URL;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PRIMING_ROUNDS = 200;

    private final Map<String, String> environment;
    private final UnaryOperator<String> secrets;
    private final BatchLog log = new BatchLog(JSON);
    private BatchRecorder recorder;
    private boolean coldStart = true;

    public RecorderHandler() {
        this(System.getenv());
    }

    public RecorderHandler(Map<String, String> environment) {
        this(environment, DatabaseUrl.secretsManager());
    }

    /** {@code secrets}: secret ARN to secret string (Secrets Manager when deployed). */
    public RecorderHandler(Map<String, String> environment, UnaryOperator<String> secrets) {
        this.environment = environment;
        this.secrets = secrets;
        // SnapStart: prime before the snapshot, reconnect after restore (the registry holds handlers weakly,
        // the Lambda runtime holds this one for the container's life).
        Core.getGlobalContext().register(this);
    }

    /** Before the SnapStart snapshot: run the whole path but the database, and hold no socket in the snapshot. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        SnapStartPriming.prime(JSON, ExperimentProjection.fromEnvironment(JSON, environment), PRIMING_ROUNDS);
        if (recorder != null) {
            recorder.close();
        }
    }

    /** After restore the connection opens on the first batch, with credentials read fresh from the secret. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        recorder = null;
        coldStart = true;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) {
        List<QueuedMessage> messages = event.getRecords() == null ? List.of() : event.getRecords().stream()
                .map(m -> new QueuedMessage(m.getMessageId(), m.getBody()))
                .toList();
        BatchReport report = recorder().record(messages);
        String requestId = context == null ? null : context.getAwsRequestId();
        // stdout, not LambdaLogger: with the JSON log format Lambda keeps a line that is already JSON as it is.
        log.lines(report, requestId, coldStart).forEach(System.out::println);
        coldStart = false;
        return SQSBatchResponse.builder()
                .withBatchItemFailures(report.failed().stream()
                        .map(f -> SQSBatchResponse.BatchItemFailure.builder()
                                .withItemIdentifier(f.messageId())
                                .build())
                        .toList())
                .build();
    }

    /**
     * The database URL is resolved on the first batch and again after an authentication failure (a rotated
     * password), inside the batch: a secret that cannot be read or lacks keys fails the batch's messages
     * with that reason (nothing is lost, SQS delivers them again), it never fails the invocation.
     */
    private BatchRecorder recorder() {
        if (recorder == null) {
            recorder = BatchRecorder.fromEnvironment(() -> DatabaseUrl.resolve(environment, secrets, JSON),
                    environment, JSON);
        }
        return recorder;
    }
}

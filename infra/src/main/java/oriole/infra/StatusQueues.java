package oriole.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The status queue between EventBridge and the recorder, its dead-letter queue, and the dead-letter queue
 * of the rule's target (events EventBridge could not deliver after 24 h). All encrypted (SSE-SQS, which
 * EventBridge can write to without a key policy) and TLS-only.
 */
public final class StatusQueues extends Construct {

    /** Receives before a message the recorder keeps failing moves to the status DLQ. */
    public static final int MAX_RECEIVE_COUNT = 5;

    private final Queue statusQueue;
    private final Queue statusDeadLetterQueue;
    private final Queue ruleDeadLetterQueue;

    public StatusQueues(Construct scope, String id, Duration recorderTimeout, Duration batchingWindow) {
        super(scope, id);
        statusDeadLetterQueue = secureQueue(this, "StatusDeadLetterQueue", Duration.days(14)).build();
        ruleDeadLetterQueue = secureQueue(this, "RuleTargetDeadLetterQueue", Duration.days(14)).build();
        // AWS: the visibility timeout must be at least 6 times the function timeout plus the batching window,
        // so a batch that is retried inside Lambda is not delivered a second time while still in hand.
        statusQueue = secureQueue(this, "StatusQueue", Duration.days(4))
                .visibilityTimeout(Duration.seconds(6 * recorderTimeout.toSeconds().intValue()
                        + batchingWindow.toSeconds().intValue()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(statusDeadLetterQueue).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
    }

    /** Encrypted with SSE-SQS, TLS-only: every queue of the stack. */
    static Queue.Builder secureQueue(Construct scope, String id, Duration retention) {
        return Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(retention);
    }

    public Queue statusQueue() {
        return statusQueue;
    }

    public Queue statusDeadLetterQueue() {
        return statusDeadLetterQueue;
    }

    public Queue ruleDeadLetterQueue() {
        return ruleDeadLetterQueue;
    }
}

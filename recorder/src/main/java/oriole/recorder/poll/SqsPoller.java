package oriole.recorder.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.lambda.BatchReport.Rejection;
import oriole.recorder.lambda.QueuedMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Runs the recorder on an SQS queue without Lambda, the way Lambda's event source mapping does: long-poll a
 * batch, hand it to the same {@link BatchRecorder}, delete only the messages it reports successful, and
 * leave the failed ones to become visible again (and reach the DLQ after maxReceiveCount). While the
 * database is down it backs off instead of burning receives.
 */
public final class SqsPoller {

    public record Settings(int maxMessages, int waitSeconds, Duration firstBackoff, Duration maxBackoff) {
        public static Settings lambdaLike() {
            return new Settings(10, 20, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final BatchRecorder recorder;
    private final Settings settings;
    private final Consumer<Batch> listener;
    private volatile boolean stopping;
    private Duration backoff = Duration.ZERO;

    /** A received batch and what the recorder made of it. */
    public record Batch(List<Message> messages, BatchReport report) {
    }

    public SqsPoller(SqsClient sqs, String queueUrl, BatchRecorder recorder, Settings settings, Consumer<Batch> listener) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.recorder = recorder;
        this.settings = settings;
        this.listener = listener;
    }

    /** Polls until {@link #stop()}; the batch in hand is always finished (recorded and deleted) first. */
    public void run() throws InterruptedException {
        while (!stopping) {
            pollOnce();
            if (!backoff.isZero() && !stopping) {
                Thread.sleep(backoff.toMillis());
            }
        }
    }

    public void stop() {
        stopping = true;
    }

    /** One receive, record, delete cycle; returns how many messages were received. */
    public int pollOnce() {
        ReceiveMessageResponse received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(settings.maxMessages())
                .waitTimeSeconds(settings.waitSeconds())
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")
                .messageAttributeNames("All"));
        List<Message> messages = received.messages();
        if (messages.isEmpty()) {
            return 0;
        }
        BatchReport report = recorder.record(messages.stream()
                .map(m -> new QueuedMessage(m.messageId(), m.body()))
                .toList());
        deleteSucceeded(messages, report);
        adjustBackoff(report);
        listener.accept(new Batch(messages, report));
        return messages.size();
    }

    private void deleteSucceeded(List<Message> messages, BatchReport report) {
        Set<String> failed = new HashSet<>();
        report.failed().forEach(f -> failed.add(f.messageId()));
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        for (int from = 0; from < done.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(from, Math.min(done.size(), from + 10));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
    }

    /** Failures that are not the messages' fault mean the database is in trouble: wait longer each time. */
    private void adjustBackoff(BatchReport report) {
        List<Rejection> databaseFailures = report.failed().stream().filter(f -> !report.rejected().contains(f)).toList();
        if (databaseFailures.isEmpty()) {
            backoff = Duration.ZERO;
        } else if (backoff.isZero()) {
            backoff = settings.firstBackoff();
        } else {
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
        }
    }

    /** The current wait between polls: zero while the database answers. */
    public Duration backoff() {
        return backoff;
    }

    /** The queue's visible + in-flight message counts (approximate, as SQS reports them). */
    public static long messagesLeft(SqsClient sqs, String queueUrl) {
        Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Long.parseLong(attributes.getOrDefault("ApproximateNumberOfMessages", "0"))
                + Long.parseLong(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"));
    }
}

package oriole.recorder.poll;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.contract.QueuedMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs the recorder on an SQS queue without Lambda, the way Lambda's event source mapping does: long-poll a
 * batch, hand it to the same {@link BatchRecorder}, delete only the messages it reports successful, and
 * leave the failed ones to become visible again (and reach the DLQ after maxReceiveCount). While the
 * database is down it receives nothing, checking the database with a growing wait, instead of burning
 * the messages' receives.
 */
public final class SqsPoller {

    public record Settings(int maxMessages, int waitSeconds, Duration firstBackoff, Duration maxBackoff) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final BatchRecorder recorder;
    private final Settings settings;
    private final Consumer<Batch> listener;
    private volatile boolean stopping;
    /** Growing waits while the database is down (resilience4j's exponential backoff: first, doubling, capped). */
    private final IntervalFunction waits;
    /** Failed batches and database checks since the database last answered; 0 while it answers. */
    private int failuresInARow;
    /** Guards {@link #idleThread}: a stop interrupts only a thread waiting for messages or for the database. */
    private final Object idleLock = new Object();
    private Thread idleThread;

    /** A received batch and what the recorder made of it. */
    public record Batch(List<Message> messages, BatchReport report) {
    }

    public SqsPoller(SqsClient sqs, String queueUrl, BatchRecorder recorder, Settings settings, Consumer<Batch> listener) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.recorder = recorder;
        this.settings = settings;
        this.listener = listener;
        this.waits = IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0, settings.maxBackoff());
    }

    /** Polls until {@link #stop()}; the batch in hand is always finished (recorded and deleted) first. */
    public void run() throws InterruptedException {
        while (!stopping) {
            pollOnce();
            awaitDatabase();
        }
    }

    /**
     * After a batch the database could not take, receives nothing until the database answers again, waiting
     * longer each time: every receive counts towards a message's maxReceiveCount, so receiving while the
     * database is down would move good events to the dead-letter queue.
     */
    public void awaitDatabase() throws InterruptedException {
        while (failuresInARow > 0 && !stopping) {
            long millis = backoff().toMillis();
            if (!idle(() -> Thread.sleep(millis))) {
                return;
            }
            failuresInARow = recorder.databaseAnswers() ? 0 : failuresInARow + 1;
        }
    }

    /**
     * Asks the poller to stop: a thread waiting (long poll, backoff) stops at once; a batch in hand is
     * recorded and deleted first. Safe to call from a signal handler.
     */
    public void stop() {
        synchronized (idleLock) {
            stopping = true;
            if (idleThread != null) {
                idleThread.interrupt();
            }
        }
    }

    /** Runs {@code wait} as the idle phase: a stop interrupts it. False if it was interrupted by a stop. */
    private boolean idle(IdleWait wait) throws InterruptedException {
        synchronized (idleLock) {
            if (stopping) {
                return false;
            }
            idleThread = Thread.currentThread();
        }
        try {
            wait.run();
            return true;
        } catch (InterruptedException | SdkClientException e) {
            if (stopping) {
                return false;
            }
            throw e;
        } finally {
            synchronized (idleLock) {
                idleThread = null;
                Thread.interrupted(); // a stop's interrupt must not reach the batch's recording and deleting
            }
        }
    }

    private interface IdleWait {
        void run() throws InterruptedException;
    }

    /** One receive, record, delete cycle; returns how many messages were received. */
    public int pollOnce() throws InterruptedException {
        List<List<Message>> received = new ArrayList<>(1);
        boolean receivedAny = idle(() -> received.add(sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(settings.maxMessages())
                .waitTimeSeconds(settings.waitSeconds())
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")
                .messageAttributeNames("All")).messages()));
        if (!receivedAny || received.get(0).isEmpty()) {
            return 0;
        }
        List<Message> messages = received.get(0);
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
        failuresInARow = report.notRecorded().isEmpty() ? 0 : failuresInARow + 1;
    }

    /** The current wait between polls: zero while the database answers. */
    public Duration backoff() {
        return failuresInARow == 0 ? Duration.ZERO : Duration.ofMillis(waits.apply(failuresInARow));
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

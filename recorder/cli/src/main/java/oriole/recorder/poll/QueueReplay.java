package oriole.recorder.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport.FailedMessage;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.store.StoreOutcome;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sends saved events to a status queue and lets the poller consume them, redeliveries and dead-lettering
 * included, until the queue is empty; then reads back what reached the dead-letter queue and why.
 */
public final class QueueReplay {

    /** The message attribute naming where an event came from (its file). */
    public static final String SOURCE_ATTRIBUTE = "oriole-source";

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public QueueReplay(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    public record DeadLetter(String source, String reason) {
    }

    public record Result(int sent, int receives, int batches, StoreOutcome outcome, List<DeadLetter> deadLetters) {
    }

    public void send(List<QueuedMessage> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (QueuedMessage message : messages.subList(from, Math.min(messages.size(), from + 10))) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        // SQS refuses an empty body: an empty saved file travels as one space, still invalid.
                        .messageBody(message.body().isEmpty() ? " " : message.body())
                        .messageAttributes(Map.of(SOURCE_ATTRIBUTE, MessageAttributeValue.builder()
                                .dataType("String").stringValue(message.messageId()).build()))
                        .build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }

    /**
     * Sends the messages, consumes the queue until it is empty (or {@code timeout}), reads the dead letters.
     * Consumes as {@code poll} does: while the database is down it waits for it rather than receiving.
     */
    public Result run(List<QueuedMessage> messages, BatchRecorder recorder, SqsPoller.Settings settings,
            Duration timeout) throws InterruptedException {
        return run(messages, recorder, settings, timeout, arns -> { });
    }

    /** As {@link #run(List, BatchRecorder, SqsPoller.Settings, Duration)}, telling {@code recorded} each batch's executions. */
    public Result run(List<QueuedMessage> messages, BatchRecorder recorder, SqsPoller.Settings settings,
            Duration timeout, java.util.function.Consumer<List<String>> recorded) throws InterruptedException {
        send(messages);
        Map<String, String> lastFailure = new HashMap<>();
        int[] totals = new int[2];
        StoreOutcome[] outcome = {StoreOutcome.NOTHING};
        SqsPoller poller = new SqsPoller(sqs, queueUrl, recorder, settings, batch -> {
            totals[0] += batch.messages().size();
            totals[1]++;
            outcome[0] = outcome[0].plus(batch.report().outcome());
            recorded.accept(batch.report().executionArns());
            for (FailedMessage failure : batch.report().failed()) {
                lastFailure.put(failure.messageId(), failure.reason());
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (SqsPoller.messagesLeft(sqs, queueUrl) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the status queue was not empty after " + timeout);
            }
            poller.pollOnce();
            poller.awaitDatabase();
        }
        return new Result(messages.size(), totals[0], totals[1], outcome[0], deadLetters(lastFailure));
    }

    private List<DeadLetter> deadLetters(Map<String, String> lastFailure) {
        List<DeadLetter> deadLetters = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames(SOURCE_ATTRIBUTE)).messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                MessageAttributeValue source = message.messageAttributes().get(SOURCE_ATTRIBUTE);
                deadLetters.add(new DeadLetter(source == null ? message.messageId() : source.stringValue(),
                        lastFailure.getOrDefault(message.messageId(), "unknown")));
                sqs.deleteMessage(r -> r.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        deadLetters.sort(java.util.Comparator.comparing(DeadLetter::source));
        return deadLetters;
    }
}

package oriole.recorder.contract;

/** One SQS message as the recorder sees it: its id (what a partial batch response names) and its body. */
public record QueuedMessage(String messageId, String body) {
}

package oriole.recorder.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.SavedEvents;

/** The repository's {@code events/} folder, found from the working directory (module or root). */
public final class SavedEventFiles {

    public static final ObjectMapper JSON = new ObjectMapper();

    private SavedEventFiles() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("events/scenarios"))) {
                return dir.resolve("events");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("events/scenarios not found above " + Path.of("").toAbsolutePath());
    }

    public static List<Path> scenarios() {
        try (Stream<Path> dirs = Files.list(root().resolve("scenarios"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<QueuedMessage> messages(Path... paths) {
        return new SavedEvents(JSON).load(List.of(paths));
    }

    /** Every valid event of every scenario, in delivery order. */
    public static List<QueuedMessage> allScenarioMessages() {
        return messages(root().resolve("scenarios"));
    }

    /** How many executions the scenarios name: one expected row each. */
    public static int scenarioExecutions() {
        int rows = 0;
        for (Path scenario : scenarios()) {
            try {
                rows += (int) Files.readAllLines(scenario.resolve("expected-rows.jsonl")).stream()
                        .filter(line -> !line.isBlank()).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    public static SQSEvent sqsEvent(List<QueuedMessage> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (QueuedMessage message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setBody(message.body());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:oriole-execution-status");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}

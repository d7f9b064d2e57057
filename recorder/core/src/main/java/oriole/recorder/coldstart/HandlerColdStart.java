package oriole.recorder.coldstart;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oriole.recorder.lambda.RecorderHandler;

/**
 * What a cold Lambda container does, as a plain program for {@code bench --cold-start}: load the handler,
 * record one batch (the events in a JSON array file), exit. Usage: {@code HandlerColdStart JDBC_URL FILE}.
 */
public final class HandlerColdStart {

    private HandlerColdStart() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode events = new ObjectMapper().readTree(Files.readString(Path.of(args[1])));
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode event : events) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(event.get("id").asText());
            message.setBody(event.toString());
            records.add(message);
        }
        SQSEvent batch = new SQSEvent();
        batch.setRecords(records);
        SQSBatchResponse response = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, args[0]))
                .handleRequest(batch, null);
        if (!response.getBatchItemFailures().isEmpty()) {
            System.err.println("cold start probe: " + response.getBatchItemFailures().size() + " message(s) failed");
            System.exit(1);
        }
    }
}

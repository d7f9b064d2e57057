package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import oriole.recorder.lambda.BatchReport.FailedMessage;
import oriole.recorder.store.StoreOutcome;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.Stdout;

class RecorderHandlerTest {

    @Test
    void oneSummaryLineWithStableKeysThenOneLinePerFailedMessage() throws Exception {
        BatchReport report = new BatchReport(12, new StoreOutcome(8, 1, 2),
                List.of(new FailedMessage("m-9", BatchReport.Why.INVALID_MESSAGE, "empty message body")), 17, List.of());

        List<String> lines = new BatchLog(SavedEventFiles.JSON).lines(report, "req-1", true);

        assertThat(lines).hasSize(2);
        JsonNode summary = SavedEventFiles.JSON.readTree(lines.get(0));
        assertThat(summary.get("message").asText()).isEqualTo("batch recorded");
        assertThat(summary.get("received").asInt()).isEqualTo(12);
        assertThat(summary.get("applied").asInt()).isEqualTo(8);
        assertThat(summary.get("stale").asInt()).isEqualTo(1);
        assertThat(summary.get("duplicate").asInt()).isEqualTo(2);
        assertThat(summary.get("rejected").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("milliseconds").asLong()).isEqualTo(17);
        assertThat(summary.get("cold_start").asBoolean()).isTrue();
        assertThat(summary.get("function_request_id").asText()).isEqualTo("req-1");
        assertThat(summary.get("level").asText()).isEqualTo("WARN");
        JsonNode failure = SavedEventFiles.JSON.readTree(lines.get(1));
        assertThat(failure.get("messageId").asText()).isEqualTo("m-9");
        assertThat(failure.get("reason").asText()).isEqualTo("empty message body");
    }

    @Test
    void withoutADatabaseTheHandlerFailsTheMessagesWithAClearReasonAndDoesNotThrow() throws Exception {
        RecorderHandler handler = new RecorderHandler(Map.of());
        List<QueuedMessage> batch = SavedEventFiles.allScenarioMessages().subList(0, 2);
        Stdout<SQSBatchResponse> invocation = Stdout.of(() -> handler.handleRequest(SavedEventFiles.sqsEvent(batch), null));

        assertThat(invocation.result().getBatchItemFailures()).as("Lambda Errors stays 0; SQS keeps the messages").hasSize(2);
        assertThat(invocation.printed())
                .contains("\"message\":\"database unavailable\"")
                .contains("database: configuration: no database: set RECORDER_DB_URL or RECORDER_DB_SECRET_ARN");
    }
}

package oriole.recorder.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import oriole.recorder.event.ExperimentProjection.ExperimentFields;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.testing.SavedEventFiles;

class ExperimentProjectionTest {

    final ExperimentProjection defaults = ExperimentProjection.defaults(SavedEventFiles.JSON);

    @Test
    void readsTheMessageIdModelAndTemperatureFromTheInputAndGoalFromTheSucceededOutput() {
        ExperimentFields fields = defaults.project(event(ExecutionStatus.SUCCEEDED,
                "{\"messageId\":\"m-1\",\"modelName\":\"claude\",\"temperature\":0.7}", "{\"goalFound\":true}"));

        assertThat(fields).isEqualTo(new ExperimentFields("m-1", true, "claude", new BigDecimal("0.7")));
    }

    @Test
    void goalFoundComesOnlyFromASucceededExecution() {
        assertThat(defaults.project(event(ExecutionStatus.FAILED, "{}", "{\"goalFound\":true}")).goalFound()).isNull();
    }

    @Test
    void missingOmittedOrNonJsonDocumentsLeaveNulls() {
        ExperimentFields none = new ExperimentFields(null, null, null, null);
        assertThat(defaults.project(event(ExecutionStatus.SUCCEEDED, null, null))).isEqualTo(none);
        assertThat(defaults.project(event(ExecutionStatus.SUCCEEDED, "not json", "{broken"))).isEqualTo(none);
        assertThat(defaults.project(event(ExecutionStatus.SUCCEEDED, "[1,2]", "\"text\""))).isEqualTo(none);
        assertThat(defaults.project(event(ExecutionStatus.SUCCEEDED,
                "{\"messageId\":{\"nested\":1},\"temperature\":\"hot\"}", "{\"goalFound\":\"maybe\"}"))).isEqualTo(none);
    }

    @Test
    void toleratesLooselyTypedValues() {
        ExperimentFields fields = defaults.project(event(ExecutionStatus.SUCCEEDED,
                "{\"messageId\":12345,\"temperature\":\" 1.0 \"}", "{\"goalFound\":\"TRUE\"}"));

        assertThat(fields).isEqualTo(new ExperimentFields("12345", true, null, new BigDecimal("1.0")));
    }

    @Test
    void pointersComeFromTheEnvironment() {
        ExperimentProjection custom = ExperimentProjection.fromEnvironment(SavedEventFiles.JSON, Map.of(
                "RECORDER_MESSAGE_ID_POINTER", "/request/sqs/id",
                "RECORDER_GOAL_FOUND_POINTER", "/result/solved",
                "RECORDER_MODEL_NAME_POINTER", "/config/model",
                "RECORDER_TEMPERATURE_POINTER", "/config/t"));

        ExperimentFields fields = custom.project(event(ExecutionStatus.SUCCEEDED,
                "{\"request\":{\"sqs\":{\"id\":\"abc\"}},\"config\":{\"model\":\"gpt\",\"t\":0}}",
                "{\"result\":{\"solved\":false}}"));

        assertThat(fields).isEqualTo(new ExperimentFields("abc", false, "gpt", new BigDecimal("0")));
    }

    static StatusChangeEvent event(ExecutionStatus status, String input, String output) {
        return new StatusChangeEvent("id", Instant.EPOCH, "us-east-1", "123456789012",
                "arn:aws:states:us-east-1:123456789012:execution:sm:e", "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
                "e", status, Instant.EPOCH, null, input, false, output, false, null, null, null, null, 0, null, null, null, "{}");
    }
}

package oriole.recorder.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.testing.SavedEventFiles;

class SavedEventsTest {

    @Test
    void eachElementOfAnArrayIsSentAsWrittenWithoutItsLayout() throws Exception {
        for (Path scenario : SavedEventFiles.scenarios()) {
            Path file = scenario.resolve("events.json");
            JsonNode array = SavedEventFiles.JSON.readTree(file.toFile());
            List<QueuedMessage> messages = new SavedEvents(SavedEventFiles.JSON).load(List.of(file));

            assertThat(messages).hasSize(array.size());
            for (int i = 0; i < array.size(); i++) {
                assertThat(SavedEventFiles.JSON.readTree(messages.get(i).body())).as(file + "[" + i + "]").isEqualTo(array.get(i));
                assertThat(messages.get(i).body()).doesNotContain("\n").startsWith("{\"version\":\"0\",");
            }
        }
    }

    @Test
    void escapesStayEscapesAsEventBridgeSendsThem() throws Exception {
        Path file = SavedEventFiles.root().resolve("scenarios/22-unpaired-surrogate-in-cause/events.json");
        String body = new SavedEvents(SavedEventFiles.JSON).load(List.of(file)).get(1).body();

        assertThat(Files.readString(file)).contains("half an emoji \\ud83d and died");
        assertThat(body).as("an unpaired surrogate stays an escape: no SQS message could carry it raw")
                .contains("half an emoji \\ud83d and died");
    }
}

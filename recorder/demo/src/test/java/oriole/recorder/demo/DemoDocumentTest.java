package oriole.recorder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/demo.md's experiments, as printed, are messages the starter starts and the agent understands. */
class DemoDocumentTest {

    static final Path DEMO_DOC = Path.of("../../docs/demo.md");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBatchIsTenExperimentsOfEveryBehaviorTheStarterCanStart() throws Exception {
        String doc = Files.readString(DEMO_DOC);
        Matcher batch = Pattern.compile("aws sqs send-message-batch --queue-url \"\\$QUEUE_URL\" --entries '([^']*)'").matcher(doc);
        assertThat(batch.find()).as("the send-message-batch command in " + DEMO_DOC).isTrue();
        JsonNode entries = JSON.readTree(batch.group(1));

        assertThat(entries).as("SQS takes at most 10 entries a batch").hasSize(10);
        Set<String> ids = new HashSet<>();
        List<AgentBehavior> behaviors = new ArrayList<>();
        for (JsonNode entry : entries) {
            assertThat(ids.add(entry.get("Id").asText())).as("ids are unique in a batch").isTrue();
            ExperimentStart start = ExperimentStart.of("m-" + entry.get("Id").asText(), entry.get("MessageBody").asText(), JSON);
            JsonNode input = JSON.readTree(start.input());
            assertThat(input.get("modelName").isTextual()).isTrue();
            assertThat(input.get("temperature").isNumber()).isTrue();
            behaviors.add(AgentBehavior.of(input.get("behavior").asText()));
        }
        assertThat(EnumSet.copyOf(behaviors)).containsExactlyInAnyOrder(AgentBehavior.values());
        assertThat(behaviors.stream().filter(AgentBehavior.GOAL::equals)).as("four find the goal").hasSize(4);
        assertThat(behaviors.stream().filter(AgentBehavior.NO_GOAL::equals)).as("two do not").hasSize(2);
    }

    @Test
    void theAbortedOnesInputIsAnExperimentToo() throws Exception {
        Matcher start = Pattern.compile("--name (abort-me-1) \\\\\\n\\s*--input '([^']*)'").matcher(Files.readString(DEMO_DOC));
        assertThat(start.find()).isTrue();
        JsonNode input = JSON.readTree(start.group(2));
        assertThat(input.get("messageId").asText()).isEqualTo(start.group(1));
        assertThat(AgentBehavior.of(input.get("behavior").asText())).as("still running when it is stopped").isEqualTo(AgentBehavior.TIMEOUT);
        assertThat(Map.of("modelName", input.get("modelName").isTextual(), "temperature", input.get("temperature").isNumber()))
                .containsOnly(Map.entry("modelName", true), Map.entry("temperature", true));
    }
}

package oriole.recorder.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import oriole.recorder.testing.SavedEventFiles;

/** Reading only the pointed-at properties gives what reading the whole tree gives, for any document. */
class JsonPointerValuesTest {

    private static final List<String> PIECES = List.of("{", "}", "[", "]", ",", ":", " ", "\"messageId\"",
            "\"modelName\"", "\"temperature\"", "\"other\"", "\"m-1\"", "0.7", "1e2", "-0", "true", "null", "\"\\u0041\"",
            "{\"nested\":[1,{\"messageId\":\"deep\"}]}", "\"messageId\":\"a\"", "\"temperature\":\"0.5\"", "x");

    final JsonPointerValues values = new JsonPointerValues(SavedEventFiles.JSON,
            List.of(JsonPointer.compile("/messageId"), JsonPointer.compile("/modelName"), JsonPointer.compile("/temperature"),
                    JsonPointer.compile("/messageId")));

    @Test
    void agreesWithTheTreeOnRandomDocuments() {
        Random random = new Random(5);
        int found = 0;
        for (int i = 0; i < 30_000; i++) {
            String document = document(random);
            JsonNode[] fast = values.read(document);
            JsonNode[] tree = values.readAsTree(document);
            assertThat(fast == null ? null : Arrays.asList(fast)).as(document)
                    .isEqualTo(tree == null ? null : Arrays.asList(tree));
            found += fast != null && !fast[0].isMissingNode() ? 1 : 0;
        }
        assertThat(found).isGreaterThan(500);
    }

    @Test
    void readsDeeperPointersFromTheTree() {
        JsonPointerValues deep = new JsonPointerValues(SavedEventFiles.JSON, List.of(JsonPointer.compile("/experiment/id")));

        assertThat(deep.read("{\"experiment\":{\"id\":\"e-7\"}}")[0].asText()).isEqualTo("e-7");
    }

    /** Mostly an object of known and unknown properties; sometimes broken, repeated or not an object. */
    private static String document(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(4) > 0) {
            text.append('{');
            for (int n = random.nextInt(5); n > 0; n--) {
                String[] names = {"messageId", "modelName", "temperature", "other"};
                text.append('"').append(names[random.nextInt(names.length)]).append("\":")
                        .append(PIECES.get(random.nextInt(PIECES.size()))).append(n > 1 ? "," : "");
            }
            text.append('}');
        }
        for (int n = random.nextInt(3); n > 0; n--) {
            text.insert(random.nextInt(text.length() + 1), PIECES.get(random.nextInt(PIECES.size())));
        }
        return text.toString();
    }
}

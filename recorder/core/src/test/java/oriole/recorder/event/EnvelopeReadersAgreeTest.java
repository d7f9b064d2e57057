package oriole.recorder.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.testing.SavedEventFiles;

/**
 * The streaming reader is only a faster way to the same answer: for any body, {@link EventParser#parse}
 * gives the event (or the reason) that reading the body as a JSON tree gives.
 */
class EnvelopeReadersAgreeTest {

    private static final int TRIES = 5_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final EventParser parser = new EventParser(SavedEventFiles.JSON);

    @Test
    void agreeOnEverySavedMessage() throws IOException {
        List<String> bodies = new ArrayList<>();
        SavedEventFiles.allScenarioMessages().forEach(message -> bodies.add(message.body()));
        try (Stream<Path> malformed = Files.list(SavedEventFiles.root().resolve("malformed"))) {
            for (Path file : malformed.sorted().toList()) {
                bodies.add(Files.readString(file));
            }
        }
        assertThat(bodies).hasSizeGreaterThan(40).allSatisfy(this::assertAgree);
    }

    @Test
    void agreeOnRandomlyDamagedEnvelopes() {
        List<QueuedMessage> saved = SavedEventFiles.allScenarioMessages();
        Random random = new Random(20261126);
        int rejected = 0;
        for (int i = 0; i < TRIES; i++) {
            ObjectNode envelope = tree(saved.get(random.nextInt(saved.size())).body());
            int damages = 1 + random.nextInt(2);
            for (int d = 0; d < damages; d++) {
                damage(envelope, random);
            }
            String body = render(envelope, random);
            rejected += assertAgree(body) ? 0 : 1;
        }
        // Both outcomes must have been exercised for the agreement to mean something.
        assertThat(rejected).isBetween(TRIES / 5, TRIES * 4 / 5);
    }

    @Test
    void theLastOfRepeatedFieldsWinsInBothReaders() throws Exception {
        String body = saved(0).replaceFirst("\"status\"\\s*:\\s*\"[A-Z_]+\"", "\"status\": \"RUNNING\", \"status\": \"FAILED\"");

        assertThat(parser.parse(body).status().name()).isEqualTo("FAILED");
        assertAgree(body);
    }

    /** True when both accept (the same event), false when both reject (with the same reason). */
    private boolean assertAgree(String body) {
        Object fast = outcome(() -> parser.parse(body));
        Object tree = outcome(() -> parser.parseAsTree(body));
        assertThat(fast).as(body).isEqualTo(tree);
        return fast instanceof StatusChangeEvent;
    }

    private interface Parse {
        StatusChangeEvent run() throws InvalidEventException;
    }

    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (InvalidEventException e) {
            return "rejected: " + e.getMessage();
        }
    }

    private static void damage(ObjectNode envelope, Random random) {
        boolean inDetail = random.nextInt(3) > 0 && envelope.get("detail") instanceof ObjectNode;
        ObjectNode target = inDetail ? (ObjectNode) envelope.get("detail") : envelope;
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() || random.nextInt(8) == 0 ? "unknownField" : fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(13)) {
            case 0 -> target.remove(field);
            case 1 -> target.putNull(field);
            case 2 -> target.put(field, random.nextInt(5) - 2);
            case 3 -> target.put(field, 1.5);
            case 4 -> target.put(field, new BigInteger("123456789012345678901234567890"));
            case 5 -> target.put(field, random.nextBoolean());
            case 6 -> target.putObject(field).put("included", random.nextInt(3) == 0 ? NODES.textNode("yes") : NODES.booleanNode(false));
            case 7 -> target.putArray(field).add(1);
            case 8 -> target.put(field, "");
            case 9 -> target.put(field, "x".repeat(random.nextInt(300)));
            case 10 -> target.put(field, 3_000_000_000L);
            case 11 -> target.putObject(field);
            default -> target.put(field, target.path(field).asText() + "!");
        }
    }

    /** Mostly the tree as JSON; sometimes with a repeated field (before or after the real one) or text after the envelope. */
    private static String render(JsonNode envelope, Random random) {
        String body = envelope.toString();
        return switch (random.nextInt(10)) {
            case 0 -> body.replaceFirst("\\{\"executionArn\"", "{\"executionArn\":7,\"executionArn\"");
            case 1 -> body + (random.nextBoolean() ? " {}" : " ");
            case 2 -> random.nextBoolean() ? body.replaceFirst("\"detail\":", "\"detail\":{},\"detail\":")
                    : body.substring(0, body.lastIndexOf('}')) + ",\"detail\":{}}";
            case 3 -> body.replaceFirst("\"inputDetails\":", "\"inputDetails\":{\"included\":false},\"inputDetails\":{},\"ignored\":");
            default -> body;
        };
    }

    private static ObjectNode tree(String body) {
        try {
            return (ObjectNode) SavedEventFiles.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String saved(int index) {
        return SavedEventFiles.allScenarioMessages().get(index).body();
    }
}

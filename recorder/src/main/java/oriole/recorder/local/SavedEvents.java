package oriole.recorder.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import oriole.recorder.lambda.QueuedMessage;

/**
 * Saved events as SQS message bodies, in delivery order. A path is a {@code .json} file holding one event
 * or a JSON array of events, or a directory walked recursively in name order ({@code .json} files only).
 * A file that is not JSON becomes one message with its raw content (so replaying it shows the rejection).
 * Each message is named after its file (and index in the array): that name is its message id.
 */
public final class SavedEvents {

    private final ObjectMapper json;

    public SavedEvents(ObjectMapper json) {
        this.json = json;
    }

    public List<QueuedMessage> load(List<Path> paths) {
        List<QueuedMessage> messages = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : jsonFiles(path)) {
                messages.addAll(messagesOf(file));
            }
        }
        return messages;
    }

    private static List<Path> jsonFiles(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no such file or directory: " + path);
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private List<QueuedMessage> messagesOf(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = file.toString();
        JsonNode node = parseOrNull(content);
        if (node == null || !node.isArray()) {
            return List.of(new QueuedMessage(name, content));
        }
        List<QueuedMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(new QueuedMessage(name + "[" + i + "]", node.get(i).toString()));
        }
        return messages;
    }

    private JsonNode parseOrNull(String content) {
        try {
            return content.isBlank() ? null : json.readTree(content);
        } catch (IOException notJson) {
            return null;
        }
    }
}

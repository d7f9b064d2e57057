package oriole.recorder.devkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import oriole.recorder.contract.QueuedMessage;

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
        List<String> elements = elementTexts(content);
        List<QueuedMessage> messages = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            messages.add(new QueuedMessage(name + "[" + i + "]", elements.get(i)));
        }
        return messages;
    }

    /**
     * Each element of a JSON array as the file writes it, without the layout (whitespace between tokens), like
     * a body EventBridge sends: escapes such as {@code \\u0000} or an
     * unpaired {@code \\ud800} stay escapes, as EventBridge sends them (a re-serialized tree would turn them
     * into raw characters that no SQS message can carry).
     */
    private List<String> elementTexts(String array) {
        List<String> elements = new ArrayList<>();
        try (JsonParser parser = json.createParser(array)) {
            parser.nextToken();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getCharOffset();
                elements.add(compact(array, start, end));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the array again", e);
        }
        return elements;
    }

    /** {@code json[start, end)} without whitespace outside strings; strings and their escapes as they are. */
    private static String compact(String json, int start, int end) {
        StringBuilder compact = new StringBuilder(end - start);
        boolean inString = false;
        for (int i = start; i < end; i++) {
            char c = json.charAt(i);
            if (inString) {
                compact.append(c);
                if (c == '\\') {
                    compact.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!Character.isWhitespace(c)) {
                compact.append(c);
                inString = c == '"';
            }
        }
        return compact.toString();
    }

    private JsonNode parseOrNull(String content) {
        try {
            return content.isBlank() ? null : json.readTree(content);
        } catch (IOException notJson) {
            return null;
        }
    }
}

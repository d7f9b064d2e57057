package oriole.recorder.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** A database for the web view's tests: every saved scenario replayed, and one run whose error and cause are markup. */
final class ScenarioDatabase {

    /** The moment the tests look from, and their window: the scenarios' day, as DiagnosticsTest reads them. */
    static final String AT = "2026-01-01T18:00:00Z";
    static final String SINCE = "7d";

    static final String HOSTILE_NAME = "exp-xss-cause";
    static final String HOSTILE_CAUSE = "<script>window.__xss=1;alert(1)</script><img src=x onerror=\"window.__xss=2\">";
    static final String HOSTILE_ERROR = "<b>Bold.Error</b>";

    /** A stuck run whose name and model hold a bidi override and shell code: shown escaped, quoted when pasted. */
    static final String BIDI_NAME = "exp-bidi-\u202Etxt.exe;$(touch${IFS}pwned)'";
    static final String BIDI_NAME_SHOWN = "exp-bidi-\\u202Etxt.exe;$(touch${IFS}pwned)'";
    static final String BIDI_MODEL = "claude\u202E-evil";
    static final String BIDI_MODEL_SHOWN = "claude\\u202E-evil";

    private ScenarioDatabase() {
    }

    static void fill(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, Files.readString(SavedEventFiles.root().resolve("scenarios/15-correlated-to-pre-created-row/setup.sql")));
        }
        CommandRun replay = CommandRun.of("replay", "--db", db.url(), SavedEventFiles.root().resolve("scenarios").toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        record(db, failedRun(HOSTILE_NAME, "xss", null, HOSTILE_ERROR, HOSTILE_CAUSE));
        record(db, bidiRun());
    }

    /** The messages through the recorder's own code, every one of them recorded. */
    static void record(TestDatabase db, List<QueuedMessage> messages) throws Exception {
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            assertThat(recorder.record(messages).failed()).isEmpty();
        }
    }

    /** The stuck scenario's event, renamed and with another model. */
    private static List<QueuedMessage> bidiRun() throws Exception {
        ObjectNode event = (ObjectNode) SavedEventFiles.JSON.readTree(
                SavedEventFiles.root().resolve("scenarios/05-running-stuck/events.json").toFile()).get(0).deepCopy();
        event.put("id", "bidi-1");
        ObjectNode detail = (ObjectNode) event.get("detail");
        String arn = detail.get("executionArn").asText().replace("exp-0005-stuck", BIDI_NAME);
        detail.put("executionArn", arn);
        detail.put("name", BIDI_NAME);
        ObjectNode input = (ObjectNode) SavedEventFiles.JSON.readTree(detail.get("input").asText());
        input.put("messageId", "msg-bidi").put("modelName", BIDI_MODEL);
        detail.put("input", SavedEventFiles.JSON.writeValueAsString(input));
        event.putArray("resources").add(arn);
        return List.of(new QueuedMessage("m-bidi-1", SavedEventFiles.JSON.writeValueAsString(event)));
    }

    /**
     * The lambda-timeout scenario's two events, renamed (ids, ARN, SQS message: {@code tag} in each), failing with
     * this error and cause, for {@code model} (null: the scenario's).
     */
    static List<QueuedMessage> failedRun(String name, String tag, String model, String error, String cause) throws Exception {
        ArrayNode events = (ArrayNode) SavedEventFiles.JSON.readTree(
                SavedEventFiles.root().resolve("scenarios/06-lambda-timeout/events.json").toFile());
        List<QueuedMessage> messages = new ArrayList<>();
        int n = 0;
        for (JsonNode original : events) {
            ObjectNode event = original.deepCopy();
            event.put("id", tag + "-" + ++n);
            ObjectNode detail = (ObjectNode) event.get("detail");
            String arn = detail.get("executionArn").asText().replace("exp-0006-lambda-timeout", name);
            detail.put("executionArn", arn);
            detail.put("name", name);
            ObjectNode input = (ObjectNode) SavedEventFiles.JSON.readTree(detail.get("input").asText());
            input.put("messageId", "msg-" + tag);
            if (model != null) {
                input.put("modelName", model);
            }
            detail.put("input", SavedEventFiles.JSON.writeValueAsString(input));
            event.putArray("resources").add(arn);
            if (detail.get("status").asText().equals("FAILED")) {
                detail.put("error", error);
                detail.put("cause", cause);
            }
            messages.add(new QueuedMessage("m-" + tag + "-" + n, SavedEventFiles.JSON.writeValueAsString(event)));
        }
        return messages;
    }
}

package oriole.recorder.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * The database classifies the failures other writers store (V8's oriole_failure_kind) as the recorder classifies
 * the ones it stores: every phrase and pattern of every rule, in the error, in the cause, inside a Lambda error's
 * JSON, in other letter cases, and every error and cause of the saved events, give the same kind.
 */
class FailureKindAgreementTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void theDatabaseAndTheRecorderGiveEveryErrorTheSameKind() throws Exception {
        List<String[]> cases = new ArrayList<>();
        List<String> phrases = new ArrayList<>(List.of("MemoryError", "xMemoryError", "exceeded the memory",
                "exceeded\nmemory", "socket timeout", "SocketTimeout", "sockettimeout", "", "   ", "plain failure"));
        for (EvidenceRule rule : FailureClassifier.RULES) {
            phrases.addAll(rule.phrases());
        }
        Random random = new Random(19);
        for (String phrase : phrases) {
            for (String variant : List.of(phrase, phrase.toUpperCase(java.util.Locale.ROOT), flipCase(phrase, random),
                    "before " + phrase + " after")) {
                cases.add(new String[] {variant, null});
                cases.add(new String[] {"States.TaskFailed", variant});
                cases.add(new String[] {null, "{\"errorType\":\"" + variant.replace("\n", "\\n") + "\",\"errorMessage\":\"x\"}"});
                cases.add(new String[] {null, "{\"errorType\":\"E\",\"errorMessage\":\"" + variant.replace("\n", "\\n") + "\"}"});
            }
        }
        cases.add(new String[] {null, null});
        cases.add(new String[] {null, "{not json"});
        cases.add(new String[] {"E", "{\"errorType\": 12, \"errorMessage\": {\"nested\": \"signal: killed\"}}"});
        for (Path scenario : SavedEventFiles.scenarios()) {
            for (JsonNode event : SavedEventFiles.JSON.readTree(Files.readString(scenario.resolve("events.json")))) {
                JsonNode detail = event.get("detail");
                if (detail.hasNonNull("error") || detail.hasNonNull("cause")) {
                    cases.add(new String[] {detail.path("error").textValue(), detail.path("cause").textValue()});
                }
            }
        }

        try (Connection c = db.connect(); PreparedStatement sql = c.prepareStatement("SELECT oriole_failure_kind(?, ?)")) {
            for (String[] failure : cases) {
                if (hasNul(failure)) {
                    continue; // PostgreSQL text cannot hold NUL: such a failure reaches the database cleaned
                }
                sql.setString(1, failure[0]);
                sql.setString(2, failure[1]);
                try (ResultSet kind = sql.executeQuery()) {
                    kind.next();
                    assertThat(kind.getString(1)).as("error %s, cause %s", failure[0], failure[1])
                            .isEqualTo(FailureClassifier.classify(ExecutionStatus.FAILED, failure[0], failure[1]).name());
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(300);
    }

    private static boolean hasNul(String[] failure) {
        return (failure[0] != null && failure[0].indexOf('\0') >= 0) || (failure[1] != null && failure[1].indexOf('\0') >= 0);
    }

    private static String flipCase(String text, Random random) {
        StringBuilder flipped = new StringBuilder();
        for (char ch : text.toCharArray()) {
            flipped.append(random.nextBoolean() ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
        }
        return flipped.toString();
    }
}

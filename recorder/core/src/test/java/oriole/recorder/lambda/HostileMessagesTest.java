package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchReport.FailedMessage;
import oriole.recorder.store.StorableText;
import oriole.recorder.testing.HostileText;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * Hostile content, fuzzed through the recorder into a real PostgreSQL: one message never fails its
 * neighbours, whatever step of reading or storing it goes wrong, and content that Step Functions can send
 * (any text in error, cause and input) never costs the status change.
 */
class HostileMessagesTest {

    static final int TRIES = 300;
    static final String ARN_PREFIX = "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static BatchRecorder recorder;
    static List<QueuedMessage> valid;

    @BeforeAll
    static void open() {
        recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON);
        valid = SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/03-failed-unhandled-exception"),
                SavedEventFiles.root().resolve("scenarios/10-redrive-succeeded"),
                SavedEventFiles.root().resolve("scenarios/16-one-message-two-executions"));
    }

    @AfterAll
    static void close() {
        recorder.close();
    }

    /**
     * Each damages one step of reading or storing a message: envelope, times, numbers, projection, text.
     * {@code recorded}: content the recorder only projects, stores or shows, which must never cost the
     * status change; the others may be rejected, but alone.
     */
    record Damage(boolean recorded, BiConsumer<ObjectNode, Random> apply) {
    }

    static final List<Damage> DAMAGE = List.of(
            new Damage(true, (e, r) -> detail(e).put("input", "{\"messageId\":\"m\",\"modelName\":\"x\",\"temperature\": 1e400}")),
            new Damage(true, (e, r) -> detail(e).put("input", "{\"temperature\":\"1e999999\",\"modelName\":" + quoted(HostileText.next(r, 6)) + "}")),
            new Damage(true, (e, r) -> detail(e).put("input", "[".repeat(5000) + "]".repeat(5000))),
            new Damage(true, (e, r) -> detail(e).put("input", "{\"messageId\":" + quoted("m".repeat(1 + r.nextInt(20_000))) + "}")),
            new Damage(true, (e, r) -> detail(e).put("output", "{\"goalFound\":" + quoted(HostileText.next(r, 4)) + "}")),
            new Damage(true, (e, r) -> e.put("time", new String[] {"+1000000000-01-01T00:00:00Z", "2026-02-30T10:00:00Z",
                "2026-06-30T23:59:60Z", "2026-01-01T10:00:00", "-999999999-01-01T00:00:00Z", HostileText.next(r, 5)}[r.nextInt(6)])),
            new Damage(false, (e, r) -> detail(e).put("startDate", new long[] {Long.MAX_VALUE, -1, 253402300800000L, 0}[r.nextInt(4)])),
            new Damage(false, (e, r) -> detail(e).put("stopDate", new long[] {Long.MAX_VALUE, 253402300799999L}[r.nextInt(2)])),
            new Damage(false, (e, r) -> detail(e).put("redriveDate", Long.MAX_VALUE)),
            new Damage(false, (e, r) -> detail(e).put("redriveCount", new long[] {Integer.MAX_VALUE + 1L, -3, Integer.MAX_VALUE}[r.nextInt(3)])),
            new Damage(true, (e, r) -> detail(e).put("error", HostileText.next(r, 300))),
            new Damage(true, (e, r) -> detail(e).put("cause", HostileText.next(r, 40_000))),
            new Damage(true, (e, r) -> detail(e).put("name", HostileText.next(r, 10))),
            new Damage(false, (e, r) -> detail(e).put("status", HostileText.next(r, 3))),
            new Damage(false, (e, r) -> e.put("id", HostileText.next(r, 400))),
            new Damage(false, (e, r) -> detail(e).put("executionArn", ARN_PREFIX + HostileText.next(r, 90))),
            new Damage(true, (e, r) -> e.putObject("extra").put("n", new java.math.BigDecimal("1e999999")).put("s", HostileText.next(r, 8))),
            new Damage(false, (e, r) -> detail(e).putArray("error").add(1)));

    @Test
    void aDamagedMessageFailsAloneAtWhateverStepItBreaks() throws Exception {
        Random random = new Random(2026);
        try (Connection c = db.connect()) {
            for (int i = 0; i < TRIES; i++) {
                ObjectNode damaged = fresh(random, "fuzz-" + i);
                Damage damage = DAMAGE.get(i % DAMAGE.size());
                damage.apply().accept(damaged, random);
                String body = damaged.toString();
                boolean corrupted = random.nextInt(4) == 0;
                if (corrupted) {
                    body = corrupt(body, random);
                }
                List<QueuedMessage> batch = new ArrayList<>(valid);
                QueuedMessage poison = new QueuedMessage("damaged-" + i, body);
                batch.add(random.nextInt(batch.size()), poison);

                BatchReport report = recorder.record(batch);

                assertThat(report.failed()).extracting(FailedMessage::messageId)
                        .as("try %d (damage %d): only the damaged message may fail", i, i % DAMAGE.size())
                        .allMatch(poison.messageId()::equals);
                assertThat(report.failed()).as("a failure is a rejection with its reason, not a database outage")
                        .allSatisfy(f -> assertThat(report.rejected()).contains(f))
                        .allSatisfy(f -> assertThat(f.reason()).isNotBlank());
                if (damage.recorded() && !corrupted) {
                    assertThat(report.failed()).as("try %d (damage %d): content the recorder only projects or stores",
                            i, i % DAMAGE.size()).isEmpty();
                }
                if (report.failed().isEmpty() && !corrupted) {
                    String arn = detail(damaged).get("executionArn").asText();
                    assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_arn = ?", arn))
                            .as("try %d: a message not failed is recorded", i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void anyTextInErrorCauseAndInputKeepsTheStatusChange() throws Exception {
        Random random = new Random(7);
        String[] statuses = {"FAILED", "TIMED_OUT", "ABORTED", "SUCCEEDED"};
        try (Connection c = db.connect()) {
            for (int i = 0; i < TRIES; i++) {
                String name = "hostile-" + i;
                ObjectNode event = fresh(random, name);
                String status = statuses[random.nextInt(statuses.length)];
                String error = HostileText.next(random, 40);
                String cause = random.nextBoolean() ? HostileText.next(random, 400)
                        : "{\"errorType\":" + quoted(HostileText.next(random, 5)) + ",\"errorMessage\":" + quoted(HostileText.next(random, 30)) + "}";
                detail(event).put("status", status).put("error", error).put("cause", cause)
                        .put("input", "{\"messageId\":" + quoted(HostileText.next(random, 6)) + ",\"modelName\":"
                                + quoted(HostileText.next(random, 6)) + ",\"temperature\":" + quoted(HostileText.next(random, 3)) + "}")
                        .put("output", "{\"goalFound\":true,\"note\":" + quoted(HostileText.next(random, 10)) + "}");

                BatchReport report = recorder.record(List.of(new QueuedMessage("hostile-" + i, event.toString())));

                assertThat(report.failed()).as("try %d", i).isEmpty();
                Map<String, Object> row = Rows.query(c, "SELECT execution_status, last_error ->> 'cause' AS cause,"
                        + " failure_reason FROM experiments WHERE execution_name = ?", name).get(0);
                assertThat(row.get("execution_status")).isEqualTo(status);
                if (!status.equals("SUCCEEDED")) {
                    assertThat(row.get("cause")).as("try %d: the cause, cleaned only where PostgreSQL cannot hold it", i)
                            .isEqualTo(StorableText.text(cause));
                    assertThat((String) row.get("failure_reason")).as("no raw control character reaches a terminal")
                            .doesNotContainPattern("[\\x00-\\x1f\\x7f\\u2028\\u2029\\u202a-\\u202e]");
                }
            }
        }
    }

    private static ObjectNode fresh(Random random, String name) throws Exception {
        String body = valid.get(random.nextInt(valid.size())).body();
        ObjectNode event = (ObjectNode) SavedEventFiles.JSON.readTree(body);
        event.put("id", name + "-" + random.nextInt(1_000_000));
        detail(event).put("executionArn", ARN_PREFIX + name).put("name", name);
        event.putArray("resources").add(ARN_PREFIX + name);
        return event;
    }

    private static String corrupt(String body, Random random) {
        StringBuilder text = new StringBuilder(body);
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            int at = random.nextInt(text.length());
            if (random.nextBoolean()) {
                text.deleteCharAt(at);
            } else {
                text.insert(at, HostileText.next(random, 1));
            }
        }
        return text.toString();
    }

    private static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}

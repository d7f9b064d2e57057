package oriole.recorder.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.testing.SavedEventFiles;

class EventParserTest {

    final EventParser parser = new EventParser(SavedEventFiles.JSON);

    @Test
    void parsesTheCurrentFormatWithRedriveFields() throws Exception {
        List<QueuedMessage> redrive = SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/10-redrive-succeeded/events.json"));

        StatusChangeEvent running = parser.parse(redrive.get(2).body());

        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.redriveCount()).isEqualTo(1);
        assertThat(running.redriveDate()).isEqualTo(Instant.parse("2026-01-01T12:10:00Z"));
        assertThat(running.startDate()).as("a redrive keeps the original start").isEqualTo(Instant.parse("2026-01-01T11:40:00Z"));
        assertThat(running.stopDate()).isNull();
        assertThat(running.executionName()).isEqualTo("exp-0010-redriven");
        assertThat(running.stateMachineArn()).endsWith(":stateMachine:oriole-maze-experiment");
        assertThat(running.eventTime()).isEqualTo(Instant.parse("2026-01-01T12:10:00Z"));
        assertThat(running.region()).isEqualTo("us-east-1");
        assertThat(running.account()).isEqualTo("123456789012");
        assertThat(running.inputOmitted()).isFalse();
        assertThat(running.redriveStatus()).isEqualTo("NOT_REDRIVABLE");
        assertThat(running.rawJson()).isEqualTo(redrive.get(2).body());
    }

    @Test
    void parsesTheOldestPublishedFormatAsZeroRedrivesAndNullFields() throws Exception {
        List<QueuedMessage> old = SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/17-oldest-event-format/events.json"));

        StatusChangeEvent succeeded = parser.parse(old.get(1).body());

        assertThat(succeeded.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(succeeded.redriveCount()).isZero();
        assertThat(succeeded.redriveDate()).isNull();
        assertThat(succeeded.error()).isNull();
        assertThat(succeeded.cause()).isNull();
        assertThat(succeeded.stateMachineVersionArn()).isNull();
        assertThat(succeeded.inputOmitted()).isFalse();
        assertThat(succeeded.output()).contains("goalFound");
    }

    @Test
    void marksOmittedInputAndOutput() throws Exception {
        List<QueuedMessage> omitted = SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/14-input-omitted/events.json"));

        StatusChangeEvent succeeded = parser.parse(omitted.get(1).body());

        assertThat(succeeded.inputOmitted()).isTrue();
        assertThat(succeeded.outputOmitted()).isTrue();
        assertThat(succeeded.input()).isNull();
    }

    @Test
    void acceptsEverySavedScenarioEvent() {
        assertThat(SavedEventFiles.allScenarioMessages()).allSatisfy(message ->
                assertThat(parseQuietly(message.body())).as(message.messageId()).isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not-json.json              | message body is not JSON",
        "empty-body.json            | empty message body",
        "wrong-detail-type.json     | detail-type is \"Step Functions State Machine Status Change\", expected 'Step Functions Execution Status Change'",
        "wrong-source.json          | source is \"custom.oriole\", expected 'aws.states'",
        "missing-execution-arn.json | detail.executionArn is missing or empty",
        "bad-execution-arn.json     | detail.executionArn is not a Step Functions Standard execution ARN: arn:aws:lambda:",
        "unknown-status.json        | detail.status 'COMPLETED' is not one of [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]",
        "wrong-types.json           | detail.startDate must be epoch milliseconds (a non-negative integer), got \"2026-01-01T10:20:00Z\"",
        "start-date-beyond-range.json | detail.startDate 9223372036854775807 is after 9999-12-31T23:59:59.999Z",
        "stop-date-beyond-range.json  | detail.stopDate 253402300800000 is after 9999-12-31T23:59:59.999Z",
        "huge-event-id.json           | id is 10000 characters; EventBridge event ids are UUIDs",
    })
    void rejectsEachMalformedSavedMessageWithItsReason(String file, String reason) throws Exception {
        String body = Files.readString(SavedEventFiles.root().resolve("malformed").resolve(file));

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsWhatIsNotOneEnvelope() {
        assertThatThrownBy(() -> parser.parse("[1, 2]")).hasMessageContaining("not an object (ARRAY)");
        assertThatThrownBy(() -> parser.parse("   ")).hasMessage("empty message body");
        assertThatThrownBy(() -> parser.parse(null)).hasMessage("empty message body");
        assertThatThrownBy(() -> parser.parse(valid().toString() + " {}")).hasMessageContaining("not JSON");
    }

    @Test
    void rejectsWrongTypesAndRangesFieldByField() {
        assertRejected(e -> detail(e).put("redriveCount", -1), "detail.redriveCount must be a non-negative integer, got -1");
        assertRejected(e -> detail(e).put("redriveCount", "1"), "detail.redriveCount must be a non-negative integer");
        assertRejected(e -> detail(e).put("stopDate", 1.5), "detail.stopDate must be epoch milliseconds");
        assertRejected(e -> detail(e).remove("startDate"), "detail.startDate is missing");
        assertRejected(e -> detail(e).putObject("input").put("messageId", "m"), "detail.input must be a string, got object");

        assertRejected(e -> detail(e).put("stateMachineArn", "arn:aws:states:us-east-1:123456789012:activity:x"),
                "detail.stateMachineArn is not a Step Functions state machine ARN");
        assertRejected(e -> detail(e).put("executionArn", "arn:aws:states:us-east-1:123456789012:express:sm:x:y"),
                "not a Step Functions Standard execution ARN");
        assertRejected(e -> e.remove("id"), "id is missing or empty");
        assertRejected(e -> e.remove("detail"), "detail is missing or not an object");
        assertRejected(e -> detail(e).putObject("inputDetails").put("included", "yes"),
                "detail.inputDetails must be an object with a boolean 'included'");
    }

    @ParameterizedTest
    @CsvSource({"+1000000000-01-01T00:00:00Z", "2026-02-30T10:00:00Z", "2026-06-30T23:59:60Z", "2026-01-01T10:00:00",
        "1969-12-31T23:59:59Z", "yesterday"})
    void keepsTheEventWhenItsInformationalTimeIsNoInstant(String time) throws Exception {
        ObjectNode event = valid();
        event.put("time", time);

        StatusChangeEvent parsed = parser.parse(event.toString());

        assertThat(parsed.eventTime()).as(time).isNull();
        assertThat(parsed.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void countsCharactersAsAwsDoesAndCutsWhatIsLongerInsteadOfRefusingIt() throws Exception {
        String emoji = "\uD83D\uDE00";
        ObjectNode atLimit = valid();
        detail(atLimit).put("cause", emoji.repeat(EventParser.MAX_CAUSE_LENGTH)).put("error", emoji.repeat(256));
        StatusChangeEvent kept = parser.parse(atLimit.toString());
        assertThat(kept.cause()).as("32,768 characters are 65,536 chars").isEqualTo(emoji.repeat(EventParser.MAX_CAUSE_LENGTH));
        assertThat(kept.error()).isEqualTo(emoji.repeat(256));

        ObjectNode over = valid();
        detail(over).put("cause", emoji.repeat(EventParser.MAX_CAUSE_LENGTH + 1)).put("error", "e".repeat(257));
        StatusChangeEvent cut = parser.parse(over.toString());
        assertThat(cut.cause()).startsWith(emoji.repeat(EventParser.MAX_CAUSE_LENGTH))
                .endsWith("\u2026 [cut by the recorder: 32769 characters, Step Functions sends at most 32768]");
        assertThat(cut.error()).isEqualTo("e".repeat(256) + "\u2026 [cut by the recorder: 257 characters, Step Functions sends at most 256]");
    }

    @Test
    void anEightyCharacterNameOfEmojiIsAValidExecutionName() throws Exception {
        String name = "\uD83D\uDC22".repeat(80);
        ObjectNode event = valid();
        detail(event).put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:" + name)
                .put("name", name);
        assertThat(parser.parse(event.toString()).executionName()).isEqualTo(name);

        detail(event).put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:" + name + "x");
        assertThatThrownBy(() -> parser.parse(event.toString())).hasMessageContaining("not a Step Functions Standard execution ARN");
        detail(event).put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:a\u0000b");
        assertThatThrownBy(() -> parser.parse(event.toString())).as("no control character in a name")
                .hasMessageContaining("not a Step Functions Standard execution ARN");
    }

    @Test
    void theNameIsTheArnsLastPartWhateverDetailNameSays() throws Exception {
        ObjectNode event = valid();
        detail(event).put("name", "something\u0000else");

        assertThat(parser.parse(event.toString()).executionName()).isEqualTo("exp-0003-failed-exception");
    }

    @Test
    void takesTheNameFromTheArnWhenAbsent() throws Exception {
        ObjectNode event = valid();
        detail(event).remove("name");

        assertThat(parser.parse(event.toString()).executionName()).isEqualTo("exp-0003-failed-exception");
    }

    private StatusChangeEvent parseQuietly(String body) {
        try {
            return parser.parse(body);
        } catch (InvalidEventException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private void assertRejected(java.util.function.Consumer<ObjectNode> change, String reason) {
        ObjectNode event = valid();
        change.accept(event);
        assertThatThrownBy(() -> parser.parse(event.toString())).as(reason)
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    private static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    private static ObjectNode valid() {
        try {
            Path file = SavedEventFiles.root().resolve("scenarios/03-failed-unhandled-exception/events.json");
            return (ObjectNode) SavedEventFiles.JSON.readTree(file.toFile()).get(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package oriole.recorder.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StepFunctionsArnsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:exp-1",
        "arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:sm:e",
        "arn:aws-cn:states:cn-north-1:123456789012:execution:sm_v2:2026-01-01T10-00-00.123",
        // a Distributed Map child: its state machine is PARENT/LABEL, each side a whole name (75 + 9 characters here)
        "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/MapLabel1:0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7"})
    void acceptsExecutionArns(String arn) {
        assertThat(StepFunctionsArns.isExecution(arn)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "arn:aws:states:us-east-1:123456789012:express:sm:e:x",
        "arn:aws:states:us-east-1:12345678901:execution:sm:e",
        "arn:aws:states:us-east-1:123456789012:execution:sm:",
        "arn:aws:states:us-east-1:123456789012:execution:sm:e:extra",
        "arn:aws:states:US-EAST-1:123456789012:execution:sm:e",
        "arn:aws:states:us-east-1:123456789012:execution:sm:has space",
        "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        "arn:azure:states:us-east-1:123456789012:execution:sm:e",
        "arn:aws:states:us-east-1:123456789012:execution:sm//label:e",
        "arn:aws:states:us-east-1:123456789012:execution:/label:e",
        "arn:aws:states:us-east-1:123456789012:execution:sm/:e",
        "arn:aws:states:us-east-1:123456789012:execution:sm/a/b:e",
        ""})
    void rejectsEverythingElse(String arn) {
        assertThat(StepFunctionsArns.isExecution(arn)).isFalse();
    }

    @Test
    void stateMachineArnsHaveOneNameAndNoExecution() {
        assertThat(StepFunctionsArns.isStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:oriole")).isTrue();
        assertThat(StepFunctionsArns.isStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:oriole:v1")).isFalse();
        assertThat(StepFunctionsArns.isStateMachine("arn:aws:states:us-east-1:123456789012:activity:oriole")).isFalse();
        assertThat(StepFunctionsArns.isStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:" + "x".repeat(81))).isFalse();
        assertThat(StepFunctionsArns.isStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:"
                + "x".repeat(80) + "/" + "m".repeat(80))).as("a Distributed Map's").isTrue();
    }

    @Test
    void eventTimesParseTheEventBridgeFormatFastAndAnythingIsoOtherwise() {
        assertThat(EventTimes.parse("2026-01-01T10:20:30Z")).isEqualTo(Instant.parse("2026-01-01T10:20:30Z"));
        assertThat(EventTimes.parse("2026-01-01T10:20:30.123Z")).isEqualTo(Instant.parse("2026-01-01T10:20:30.123Z"));
        Assertions.assertThatThrownBy(() -> EventTimes.parse("2026-13-01T10:20:30Z")).isInstanceOf(DateTimeParseException.class);
        Assertions.assertThatThrownBy(() -> EventTimes.parse("2026-01-01T1x:20:30Z")).isInstanceOf(DateTimeParseException.class);
    }
}

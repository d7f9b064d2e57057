package oriole.recorder.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.FailureClassifier;
import oriole.recorder.status.FailureKind;

/** Each behavior ends the way it says, and the recorder classifies the failure it produces as the kind it names. */
class RunAgentHandlerTest {

    final RunAgentHandler agent = new RunAgentHandler();

    @Test
    void theAgentSucceedsWithOrWithoutTheGoal() {
        assertThat(agent.handleRequest(Map.of("behavior", "goal"), null)).isEqualTo(Map.of("goalFound", true));
        assertThat(agent.handleRequest(Map.of("behavior", "no-goal"), null)).isEqualTo(Map.of("goalFound", false));
    }

    @Test
    void aThrowingAgentIsACrashAndARefusedConnectionANetworkFailure() {
        assertThat(kindOf(failure("throw"))).isEqualTo(FailureKind.CRASH);
        RuntimeException network = failure("network");
        assertThat(network.getMessage()).contains("java.net.ConnectException").containsIgnoringCase("connection refused");
        assertThat(kindOf(network)).isEqualTo(FailureKind.NETWORK);
    }

    @Test
    void aTimingOutAgentSleepsPastTheTimeLambdaLeftIt() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> agent.handleRequest(Map.of("behavior", "timeout"), remaining(200)))
                .hasMessageContaining("outlived its timeout");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(200 + RunAgentHandler.OVERSLEEP_MILLIS);
    }

    /** In a JVM of its own with a 32 MB heap: the error Lambda reports is java.lang.OutOfMemoryError. */
    @Test
    void anAgentThatExhaustsItsMemoryIsOutOfMemory() throws Exception {
        Process jvm = new ProcessBuilder(Path.java(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                AgentInASmallHeap.class.getName(), "out-of-memory").redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(jvm.exitValue()).as(output).isNotZero();
        assertThat(output).contains("java.lang.OutOfMemoryError");
        String cause = "{\"errorMessage\":\"Java heap space\",\"errorType\":\"java.lang.OutOfMemoryError\"}";
        assertThat(FailureClassifier.classify(ExecutionStatus.FAILED, "java.lang.OutOfMemoryError", cause))
                .isEqualTo(FailureKind.OUT_OF_MEMORY);
    }

    @Test
    void anUnknownBehaviorNamesTheKnownOnes() {
        assertThatThrownBy(() -> agent.handleRequest(Map.of("behavior", "fly"), null))
                .hasMessage("unknown behavior 'fly': one of goal, no-goal, throw, network, timeout, out-of-memory");
        assertThat(List.of(AgentBehavior.values())).allSatisfy(b -> assertThat(AgentBehavior.of(b.label())).isEqualTo(b));
    }

    private RuntimeException failure(String behavior) {
        try {
            agent.handleRequest(Map.of("behavior", behavior), null);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError(behavior + " did not fail");
    }

    /** As Step Functions sees a Lambda failure: Error the exception's type, Cause Lambda's error JSON. */
    private static FailureKind kindOf(RuntimeException e) {
        String cause = "{\"errorMessage\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getMessage())
                + ",\"errorType\":\"" + e.getClass().getName() + "\"}";
        return FailureClassifier.classify(ExecutionStatus.FAILED, e.getClass().getName(), cause);
    }

    /** A Lambda context that only knows how much time is left. */
    static Context remaining(int millis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? millis : null);
    }

    static final class Path {
        static String java() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}

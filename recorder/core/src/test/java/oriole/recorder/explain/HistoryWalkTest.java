package oriole.recorder.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Histories shaped as GetExecutionHistory returns them (ids from 1, previousEventId), read newest first. */
class HistoryWalkTest {

    static final String AGENT = "{\"FunctionName\":\"arn:aws:lambda:us-east-1:123456789012:function:oriole-agent:live\",\"Payload.$\":\"$\"}";
    static final String THREW = "{\"errorMessage\": \"'action'\", \"errorType\": \"KeyError\", \"requestId\": \"01310c4d-3251-5b9d-ad59-d3cc1223a004\"}";

    /** A history built oldest first, each event pointing at the one before unless told otherwise. */
    static final class History {
        final List<HistoryEvent> events = new ArrayList<>();
        final Instant start = Instant.parse("2026-01-01T10:00:00Z");

        long add(String type, long previous, String name, String error, String cause, String resourceType, String resource,
                String parameters) {
            long id = events.size() + 1;
            events.add(new HistoryEvent(id, previous, type, start.plusSeconds(id), name, error, cause, resourceType, resource,
                    parameters));
            return id;
        }

        long add(String type) {
            return add(type, events.size(), null, null, null, null, null, null);
        }

        long entered(String stateType, String name) {
            return add(stateType + "StateEntered", events.size(), name, null, null, null, null, null);
        }

        long scheduled(String parameters) {
            return add("TaskScheduled", events.size(), null, null, null, "lambda", "invoke", parameters);
        }

        long failed(String type, String error, String cause) {
            return add(type, events.size(), null, error, cause, "lambda", "invoke", null);
        }

        /** The invoke of a Lambda task: entered, scheduled, started, failed. */
        long lambdaTask(String state, String error, String cause) {
            entered("Task", state);
            scheduled(AGENT);
            add("TaskStarted");
            return failed("TaskFailed", error, cause);
        }

        List<HistoryEvent> newestFirst() {
            List<HistoryEvent> reversed = new ArrayList<>(events);
            Collections.reverse(reversed);
            return reversed;
        }

        FailureExplanation explain() {
            WalkResult result = HistoryWalk.explain(newestFirst(), true);
            assertThat(result).isInstanceOf(WalkResult.Found.class);
            return ((WalkResult.Found) result).explanation();
        }
    }

    @Test
    void aLambdaTaskThatThrew() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("RunAgent", "KeyError", THREW);
        h.add("ExecutionFailed", h.events.size(), null, "KeyError", THREW, null, null, null);

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("RunAgent");
        assertThat(e.stateType()).isEqualTo("Task");
        assertThat(e.function()).isEqualTo("oriole-agent");
        assertThat(e.failedIn()).isEqualTo("oriole-agent");
        assertThat(e.resourceType()).isEqualTo("lambda");
        assertThat(e.resource()).isEqualTo("invoke");
        assertThat(e.requestId()).isEqualTo("01310c4d-3251-5b9d-ad59-d3cc1223a004");
        assertThat(e.requestIdNote()).isNull();
        assertThat(e.failureEvent()).isEqualTo("TaskFailed");
        assertThat(e.error()).isEqualTo("KeyError");
        assertThat(e.enteredAt()).isEqualTo(h.start.plusSeconds(2));
        assertThat(e.failedAt()).isEqualTo(h.start.plusSeconds(5));
    }

    @Test
    void aLambdaTimeoutWithTheRequestIdInItsMessage() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("RunAgent", "Sandbox.Timedout",
                "{\"errorMessage\": \"RequestId: 6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88 Error: Task timed out after 900.00 seconds\"}");
        h.add("ExecutionFailed");

        assertThat(h.explain().requestId()).isEqualTo("6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88");
    }

    @Test
    void aLegacyLambdaFunctionScheduledHistory() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.entered("Task", "CallModel");
        h.add("LambdaFunctionScheduled", 2, null, null, null, "lambda",
                "arn:aws:lambda:us-east-1:123456789012:function:oriole-model-client", null);
        h.add("LambdaFunctionStarted");
        h.add("LambdaFunctionFailed", 4, null, "ConnectionError", "{\"errorType\": \"ConnectionError\"}", null, null, null);
        h.add("ExecutionFailed");

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("CallModel");
        assertThat(e.function()).isEqualTo("oriole-model-client");
        assertThat(e.failureEvent()).isEqualTo("LambdaFunctionFailed");
        assertThat(e.requestId()).isNull();
        assertThat(e.requestIdNote()).isEqualTo("the failure's error and cause name no request id");
    }

    @Test
    void aFailureInsideAMapIteration() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.entered("Map", "WalkEveryMaze");
        long mapStarted = h.add("MapStateStarted");
        h.add("MapIterationStarted", mapStarted, "WalkEveryMaze", null, null, null, null, null);
        h.entered("Task", "Step");
        h.scheduled(AGENT);
        h.add("TaskStarted");
        h.add("TaskSucceeded");
        h.add("TaskStateExited");
        h.add("MapIterationSucceeded");
        h.add("MapIterationStarted", mapStarted, "WalkEveryMaze", null, null, null, null, null);
        h.entered("Task", "Step");
        h.scheduled(AGENT);
        h.add("TaskStarted");
        long failed = h.failed("TaskFailed", "Runtime.ExitError",
                "{\"errorMessage\": \"RequestId: 2b8e1f0c-77aa-4c1e-b0d2-5e6f7a8b9c0d Error: Runtime exited with error: signal: killed\"}");
        h.add("MapIterationFailed", failed, "WalkEveryMaze", null, null, null, null, null);
        h.add("MapStateFailed");
        h.add("ExecutionFailed", h.events.size(), null, "Runtime.ExitError", null, null, null, null);

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("Step");
        assertThat(e.enteredAt()).as("the failed iteration's state, not the first").isEqualTo(h.start.plusSeconds(12));
        assertThat(e.requestId()).isEqualTo("2b8e1f0c-77aa-4c1e-b0d2-5e6f7a8b9c0d");
    }

    @Test
    void aFailureInsideAParallelBranchWhoseChainEndsAtTheParallelState() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.entered("Parallel", "AskBothModels");
        long started = h.add("ParallelStateStarted");
        h.entered("Task", "AskClaude");
        h.scheduled(AGENT);
        long claudeStarted = h.add("TaskStarted");
        h.add("TaskStateEntered", started, "AskGpt", null, null, null, null, null);
        h.add("TaskScheduled", 7, null, null, null, "lambda", "invoke", "{\"FunctionName\":\"oriole-gpt\"}");
        h.add("TaskStarted");
        h.add("TaskFailed", 9, null, "States.TaskFailed", "boom", "lambda", "invoke", null);
        h.add("TaskStateAborted", claudeStarted, null, null, null, null, null, null);
        // The Parallel state's failure points at its own start, not at the branch's TaskFailed.
        h.add("ParallelStateFailed", started, null, null, null, null, null, null);
        h.add("ExecutionFailed", 12, null, "States.TaskFailed", "boom", null, null, null);

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("AskGpt");
        assertThat(e.function()).isEqualTo("oriole-gpt");
        assertThat(e.requestIdNote()).isEqualTo("the failure's error and cause name no request id");
    }

    @Test
    void aCaughtFailureWhoseExecutionSucceeded() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        long failed = h.lambdaTask("RunAgent", "KeyError", THREW);
        h.add("PassStateEntered", failed, "RecordError", null, null, null, null, null);
        h.add("PassStateExited");
        h.entered("Task", "FinalizeOnError");
        h.add("TaskScheduled", 8, null, null, null, "lambda", "invoke", "{\"FunctionName\":\"oriole-finalize\"}");
        h.add("TaskStarted");
        h.add("TaskSucceeded");
        h.add("TaskStateExited");
        h.add("ExecutionSucceeded");

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("RunAgent");
        assertThat(e.function()).isEqualTo("oriole-agent");
        assertThat(e.requestId()).isEqualTo("01310c4d-3251-5b9d-ad59-d3cc1223a004");
    }

    @Test
    void aRetriedFailureThatThenSucceededIsNoFailure() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("RunAgent", "Lambda.ServiceException", "retry me");
        h.scheduled(AGENT);
        h.add("TaskStarted");
        h.add("TaskSucceeded");
        h.add("TaskStateExited");
        h.add("ExecutionSucceeded");

        assertThat(HistoryWalk.explain(h.newestFirst(), true)).isInstanceOf(WalkResult.NoFailure.class);
    }

    @Test
    void aRetriedTaskThatFailedAgainIsExplainedByItsLastAttempt() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("RunAgent", "Lambda.ServiceException", "RequestId: 11111111-1111-1111-1111-111111111111");
        h.scheduled(AGENT);
        h.add("TaskStarted");
        h.failed("TaskFailed", "KeyError", THREW);
        h.add("ExecutionFailed");

        FailureExplanation e = h.explain();

        assertThat(e.requestId()).isEqualTo("01310c4d-3251-5b9d-ad59-d3cc1223a004");
        assertThat(e.enteredAt()).as("the state was entered once").isEqualTo(h.start.plusSeconds(2));
        assertThat(e.failedAt()).isEqualTo(h.start.plusSeconds(8));
    }

    @Test
    void aFailStateWithErrorPathAndCausePath() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.entered("Task", "Validate");
        h.scheduled(AGENT);
        h.add("TaskStarted");
        h.add("TaskSucceeded");
        h.add("TaskStateExited");
        h.entered("Choice", "IsValid");
        h.add("ChoiceStateExited");
        h.entered("Fail", "RejectMaze");
        h.add("ExecutionFailed", 9, null, "Maze.Invalid", "the maze has no exit", null, null, null);

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("RejectMaze");
        assertThat(e.stateType()).isEqualTo("Fail");
        assertThat(e.failedIn()).isNull();
        assertThat(e.error()).isEqualTo("Maze.Invalid");
        assertThat(e.cause()).isEqualTo("the maze has no exit");
        assertThat(e.failureEvent()).isEqualTo("ExecutionFailed");
        assertThat(e.requestIdNote()).isEqualTo("a Fail state runs no Lambda function");
    }

    @Test
    void aFailStateAfterACatchIsExplainedByTheCaughtFailure() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        long failed = h.lambdaTask("RunAgent", "KeyError", THREW);
        h.add("FailStateEntered", failed, "Failed", null, null, null, null, null);
        h.add("ExecutionFailed", 6, null, "KeyError", THREW, null, null, null);

        assertThat(h.explain().state()).isEqualTo("RunAgent");
    }

    @Test
    void anExecutionThatTimedOutIsExplainedByTheStateThatRan() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("Warmup", "Lambda.ServiceException", "retry me");
        h.add("PassStateEntered", 5, "Ignore", null, null, null, null, null);
        h.add("PassStateExited");
        h.entered("Task", "RunAgent");
        h.scheduled(AGENT);
        h.add("TaskStarted");
        h.add("ExecutionTimedOut", 10, null, "States.Timeout", "The execution timed out after 3600 seconds.", null, null, null);

        FailureExplanation e = h.explain();

        assertThat(e.state()).as("not the failure caught earlier").isEqualTo("RunAgent");
        assertThat(e.function()).isEqualTo("oriole-agent");
        assertThat(e.failureEvent()).isEqualTo("ExecutionTimedOut");
        assertThat(e.requestId()).isNull();
        assertThat(e.requestIdNote()).isEqualTo("the execution timed out while the state ran: no invocation failed");
    }

    @Test
    void anAbortedExecutionIsExplainedByTheStateThatRan() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.entered("Wait", "Cooldown");
        h.add("ExecutionAborted");

        FailureExplanation e = h.explain();

        assertThat(e.state()).isEqualTo("Cooldown");
        assertThat(e.stateType()).isEqualTo("Wait");
        assertThat(e.requestIdNote()).isEqualTo("the execution was aborted while the state ran: no invocation failed");
    }

    @Test
    void anExecutionAbortedBeforeItsFirstStateHasNoFailedState() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.add("ExecutionAborted");

        assertThat(HistoryWalk.explain(h.newestFirst(), true)).isInstanceOf(WalkResult.NoFailure.class);
        assertThat(HistoryWalk.explain(List.of(), true)).isInstanceOf(WalkResult.NoFailure.class);
        assertThat(HistoryWalk.explain(List.of(), false)).isInstanceOf(WalkResult.NeedOlderPage.class);
    }

    @Test
    void pageByPageItAsksForAnOlderPageOnlyUntilTheAnswerIsComplete() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("RunAgent", "KeyError", THREW);
        h.add("ExecutionFailed");
        List<HistoryEvent> newestFirst = h.newestFirst();

        for (int read = 1; read < 5; read++) {
            assertThat(HistoryWalk.explain(newestFirst.subList(0, read), false))
                    .as("%d newest events: the state entered is older", read).isInstanceOf(WalkResult.NeedOlderPage.class);
        }
        assertThat(HistoryWalk.explain(newestFirst.subList(0, 5), false)).isInstanceOf(WalkResult.Found.class);
    }

    @Test
    void aHistoryCutShortStillSaysWhatItKnows() {
        History h = new History();
        h.add("ExecutionStarted", 0, null, null, null, null, null, null);
        h.lambdaTask("RunAgent", "KeyError", THREW);
        h.add("ExecutionFailed");
        List<HistoryEvent> withoutTheStart = h.newestFirst().subList(0, 3);

        FailureExplanation e = ((WalkResult.Found) HistoryWalk.explain(withoutTheStart, true)).explanation();

        assertThat(e.state()).isNull();
        assertThat(e.requestId()).isEqualTo("01310c4d-3251-5b9d-ad59-d3cc1223a004");
    }
}

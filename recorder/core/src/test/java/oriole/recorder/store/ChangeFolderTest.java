package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import oriole.recorder.event.EventParser;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.event.InvalidEventException;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.FailureKind;
import oriole.recorder.testing.SavedEventFiles;

class ChangeFolderTest {

    final EventParser parser = new EventParser(SavedEventFiles.JSON);
    final ChangeFolder folder = new ChangeFolder(ExperimentProjection.defaults(SavedEventFiles.JSON));

    @Test
    void theNewestEventSetsTheStatusColumnsAndOlderOnesOnlyFill() throws Exception {
        List<StatusChangeEvent> redrive = events("scenarios/10-redrive-succeeded");

        ExecutionChange change = folder.fold(List.of(redrive.get(1), redrive.get(3), redrive.get(0))).get(0);

        assertThat(change.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(change.redriveCount()).isEqualTo(1);
        assertThat(change.failure()).as("a success clears the earlier failure").isNull();
        assertThat(change.failureReason()).isNull();
        assertThat(change.goalFound()).isTrue();
        assertThat(change.completedAt()).isEqualTo(redrive.get(3).stopDate());
        assertThat(change.startedAt()).isEqualTo(redrive.get(0).startDate());
        assertThat(change.sqsMessageId()).isEqualTo("msg-0010");
        assertThat(change.events()).hasSize(3);
    }

    @Test
    void aRedriveStillRunningHasNoCompletionAndNoError() throws Exception {
        List<StatusChangeEvent> redrive = events("scenarios/11-redrive-still-running");

        ExecutionChange change = folder.fold(redrive).get(0);

        assertThat(change.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(change.completedAt()).isNull();
        assertThat(change.failure()).isNull();
    }

    @Test
    void aFailureCarriesItsKindReasonAndStopTime() throws Exception {
        List<StatusChangeEvent> oom = events("scenarios/08-out-of-memory");

        ExecutionChange change = folder.fold(oom).get(0);

        assertThat(change.failure().kind()).isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(change.failure().timestamp()).isEqualTo(oom.get(1).stopDate());
        assertThat(change.failureReason()).startsWith("OUT_OF_MEMORY: Runtime.ExitError: ");
    }

    @Test
    void duplicatesCollapseAndExecutionsComeOutInArnOrder() throws Exception {
        List<StatusChangeEvent> events = new ArrayList<>(events("scenarios/13-duplicate-deliveries"));
        events.addAll(events("scenarios/01-succeeded-goal-found"));

        List<ExecutionChange> changes = folder.fold(events);

        assertThat(changes).extracting(ExecutionChange::executionName)
                .containsExactly("exp-0001-succeeded-goal", "exp-0013-duplicates");
        assertThat(changes.get(1).events()).as("five deliveries of two events").hasSize(2);
    }

    @Test
    void theFoldDoesNotDependOnTheOrderOfItsInput() throws Exception {
        List<StatusChangeEvent> events = new ArrayList<>();
        for (QueuedMessage message : new RandomLifecycles(SavedEventFiles.JSON).inOrder("fold-", 40, new Random(3))) {
            events.add(parser.parse(message.body()));
        }
        List<ExecutionChange> expected = withoutEventLists(folder.fold(events));
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            Collections.shuffle(events, random);
            assertThat(withoutEventLists(folder.fold(events))).as("permutation %d", i).isEqualTo(expected);
        }
    }

    private static List<ExecutionChange> withoutEventLists(List<ExecutionChange> changes) {
        return changes.stream().map(c -> new ExecutionChange(c.executionArn(), c.executionName(), c.stateMachineArn(),
                c.sqsMessageId(), c.modelName(), c.temperature(), c.status(), c.recordedStatus(), c.redriveCount(), c.startedAt(),
                c.completedAt(), c.failure(), c.failureReason(), c.goalFound(), c.payloadOmitted(), List.of())).toList();
    }

    private List<StatusChangeEvent> events(String path) throws InvalidEventException {
        List<StatusChangeEvent> events = new ArrayList<>();
        for (QueuedMessage message : SavedEventFiles.messages(SavedEventFiles.root().resolve(path))) {
            events.add(parser.parse(message.body()));
        }
        return events;
    }
}

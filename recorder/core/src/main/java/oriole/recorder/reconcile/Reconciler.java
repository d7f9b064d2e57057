package oriole.recorder.reconcile;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.explain.FailureExplainer;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.store.MyBatisSessions;
import oriole.recorder.store.StatusStore;
import oriole.recorder.summary.ResearchSummary;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Heals the rows events left behind (EventBridge delivery is best effort): rows still open longer than a
 * threshold and rows whose events lacked their input/output are looked up with DescribeExecution, and the
 * answer is applied as a synthetic event through the recorder's own fold and guarded upsert, so a real
 * event arriving later changes nothing it should not.
 */
public final class Reconciler {

    private final ExecutionDescriber describer;
    private final StatusStore store;
    private final FailureExplainer explainer;

    public Reconciler(ExecutionDescriber describer, StatusStore store) {
        this(describer, store, null);
    }

    /** With an explainer, each run also explains up to {@code limit} failed runs not yet explained, after healing. */
    public Reconciler(ExecutionDescriber describer, StatusStore store, FailureExplainer explainer) {
        this.describer = describer;
        this.store = store;
        this.explainer = explainer;
    }

    /** {@code explained} is null without an explainer. */
    public record Result(int checked, Map<ReconcileOutcome, Integer> outcomes, List<String> details, List<String> failures,
            FailureExplainer.Result explained) {
        public int count(ReconcileOutcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

    public Result reconcile(Connection connection, Duration olderThan, int limit, boolean dryRun)
            throws SQLException, InterruptedException {
        List<DueExecution> due = query(connection, mapper -> mapper.selectDue(olderThan.toSeconds(), limit));
        Map<ReconcileOutcome, List<String>> byOutcome = new EnumMap<>(ReconcileOutcome.class);
        List<StatusChangeEvent> answers = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (DueExecution row : due) {
            Optional<StatusChangeEvent> answer;
            try {
                answer = describer.describe(row.executionArn());
            } catch (SdkException e) {
                failures.add(row.executionArn() + ": " + e.getMessage());
                continue;
            }
            ReconcileOutcome outcome = answer.map(event -> outcomeOf(row, event)).orElse(ReconcileOutcome.EXECUTION_DOES_NOT_EXIST);
            answer.ifPresent(answers::add);
            byOutcome.computeIfAbsent(outcome, o -> new ArrayList<>()).add(row.executionArn());
            details.add(outcome + " " + row.executionArn() + ": row " + row.executionStatus()
                    + answer.map(e -> ", Step Functions " + e.status() + " (redrive " + e.redriveCount() + ")").orElse(""));
        }
        if (!dryRun) {
            store.apply(connection, answers);
            for (Map.Entry<ReconcileOutcome, List<String>> entry : byOutcome.entrySet()) {
                query(connection, mapper -> mapper.markReconciled(entry.getValue().toArray(String[]::new), entry.getKey().name()));
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            // Every 15 minutes in the deployment: the research summary's slots of past days folded into one, so
            // an all-time answer reads a few hundred keys a day however many connections wrote them.
            ResearchSummary.compact(connection);
        }
        Map<ReconcileOutcome, Integer> counts = new EnumMap<>(ReconcileOutcome.class);
        byOutcome.forEach((outcome, arns) -> counts.put(outcome, arns.size()));
        // After the status changes are committed: an explanation never costs one.
        FailureExplainer.Result explained = explainer == null ? null : explainer.explainWaiting(connection, limit, dryRun);
        return new Result(due.size(), counts, details, failures, explained);
    }

    private static ReconcileOutcome outcomeOf(DueExecution row, StatusChangeEvent answer) {
        if (answer.orderKey().isAfter(row.orderKey())) {
            return ReconcileOutcome.HEALED;
        }
        if (Boolean.TRUE.equals(row.payloadOmitted()) && !answer.inputOmitted()) {
            return ReconcileOutcome.HEALED;
        }
        return answer.status() == ExecutionStatus.RUNNING || answer.status() == ExecutionStatus.PENDING_REDRIVE
                ? ReconcileOutcome.STILL_RUNNING
                : ReconcileOutcome.UNCHANGED;
    }

    static <T> T query(Connection connection, java.util.function.Function<ReconcileMapper, T> sql) {
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            return sql.apply(session.getMapper(ReconcileMapper.class));
        }
    }
}

package oriole.recorder.explain;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import oriole.recorder.store.MyBatisSessions;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Explains the failed runs not explained yet, oldest first, a bounded number per call: each one's history is
 * read ({@link HistoryReader}) and the answer kept on its row, so a run is asked about once (again only when
 * a redrive fails anew). An execution whose history is gone is marked EXECUTION_DOES_NOT_EXIST and not asked
 * again. A call that fails (throttled beyond the retries, access denied) leaves the run waiting for the next
 * time. Explaining never touches the status columns: it runs after them, on its own statements.
 */
public final class FailureExplainer {

    private final HistoryReader reader;

    public FailureExplainer(HistoryReader reader) {
        this.reader = reader;
    }

    public record Result(int checked, int explained, int noFailure, int gone, int calls, long waiting,
            List<String> details, List<String> failures) {
    }

    public Result explainWaiting(Connection connection, int limit, boolean dryRun) throws SQLException, InterruptedException {
        List<WaitingRun> waiting = query(connection, mapper -> mapper.selectWaiting(limit));
        int explained = 0;
        int noFailure = 0;
        int gone = 0;
        int calls = 0;
        List<String> details = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (WaitingRun run : waiting) {
            HistoryReader.Answer answer;
            try {
                answer = reader.explain(run.executionArn());
            } catch (SdkException e) {
                failures.add(run.executionArn() + ": GetExecutionHistory: " + e.getMessage());
                continue;
            }
            calls += answer.calls();
            switch (answer.outcome()) {
                case EXPLAINED -> explained++;
                case NO_FAILURE_IN_HISTORY -> noFailure++;
                case EXECUTION_DOES_NOT_EXIST -> gone++;
            }
            details.add(answer.outcome() + " " + run.executionArn() + describe(answer.explanation()));
            if (!dryRun) {
                save(connection, StoredExplanation.of(run, answer.outcome(), answer.explanation()));
            }
        }
        long stillWaiting = query(connection, ExplainMapper::countWaiting);
        return new Result(waiting.size(), explained, noFailure, gone, calls, stillWaiting, details, failures);
    }

    /**
     * One run, asked now whatever it waits for ({@code show RUN --aws}): the explanation as the row would keep it;
     * empty when there is no such row. {@link #keep} stores it.
     */
    public java.util.Optional<StoredExplanation> ask(Connection connection, String executionArn) throws InterruptedException {
        WaitingRun run = query(connection, mapper -> mapper.selectRun(executionArn));
        if (run == null) {
            return java.util.Optional.empty();
        }
        HistoryReader.Answer answer = reader.explain(executionArn);
        return java.util.Optional.of(StoredExplanation.of(run, answer.outcome(), answer.explanation()));
    }

    public static void keep(Connection connection, StoredExplanation explanation) throws SQLException {
        save(connection, explanation);
    }

    /** What the row of this execution keeps about its failure; {@link RunExplanation#NONE} without a row or an explanation. */
    public static RunExplanation read(Connection connection, String executionArn) {
        RunExplanation explanation = executionArn == null ? null : query(connection, mapper -> mapper.selectExplanation(executionArn));
        return explanation == null ? RunExplanation.NONE : explanation;
    }

    /** How many runs wait for an explanation. */
    public static long waiting(Connection connection) {
        return query(connection, ExplainMapper::countWaiting);
    }

    private static void save(Connection connection, StoredExplanation explanation) throws SQLException {
        query(connection, mapper -> mapper.save(explanation));
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static String describe(FailureExplanation explanation) {
        if (explanation == null) {
            return "";
        }
        return ": " + oriole.recorder.text.VisibleText.line(String.valueOf(explanation.state())) + " in "
                + oriole.recorder.text.VisibleText.line(String.valueOf(explanation.failedIn()))
                + (explanation.requestId() == null ? "" : ", request " + explanation.requestId());
    }

    private static <T> T query(Connection connection, Function<ExplainMapper, T> sql) {
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            return sql.apply(session.getMapper(ExplainMapper.class));
        }
    }
}

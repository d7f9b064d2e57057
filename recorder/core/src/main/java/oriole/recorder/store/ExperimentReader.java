package oriole.recorder.store;

import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.session.SqlSession;

/** Reads experiments rows for reports. */
public final class ExperimentReader {

    private ExperimentReader() {
    }

    public static List<ExperimentRow> byExecutionArns(Connection connection, Collection<String> executionArns) {
        return query(connection, mapper -> mapper.selectByExecutionArns(executionArns.toArray(String[]::new)));
    }

    /** The runs an experiment id, execution ARN or execution name names. */
    public static List<ExperimentRow> runs(Connection connection, String idArnOrName) {
        Long id = idArnOrName.matches("\\d{1,18}") ? Long.valueOf(idArnOrName) : null;
        return query(connection, mapper -> mapper.selectRuns(id, idArnOrName));
    }

    public static List<ExperimentRow> bySqsMessageId(Connection connection, String sqsMessageId) {
        return query(connection, mapper -> mapper.selectBySqsMessageId(sqsMessageId));
    }

    public static List<TimelineEvent> timeline(Connection connection, String executionArn) {
        return query(connection, mapper -> mapper.selectTimeline(executionArn));
    }

    private static <T> T query(Connection connection, java.util.function.Function<ExperimentQueryMapper, T> read) {
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            return read.apply(session.getMapper(ExperimentQueryMapper.class));
        }
    }
}

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
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            return session.getMapper(ExperimentQueryMapper.class)
                    .selectByExecutionArns(executionArns.toArray(String[]::new));
        }
    }
}

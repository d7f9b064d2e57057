package oriole.recorder.store;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;

/** Runs the diagnostic queries, in the order of the SQL file. */
public final class DiagnosticReader {

    /** The file's variables, as strings PostgreSQL casts: at (timestamptz), since and stuck_after (interval), log_group. */
    public record Parameters(String at, String since, String stuckAfter, String logGroup) {
        Map<String, Object> asMap() {
            return Map.of("at", at, "since", since, "stuck_after", stuckAfter, "log_group", logGroup);
        }
    }

    private DiagnosticReader() {
    }

    public static Map<DiagnosticQueries.Query, List<Map<String, Object>>> runAll(Connection connection, Parameters parameters) {
        Map<DiagnosticQueries.Query, List<Map<String, Object>>> results = new LinkedHashMap<>();
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            for (DiagnosticQueries.Query query : DiagnosticQueries.load()) {
                results.put(query, session.selectList(DiagnosticQueries.NAMESPACE + query.name(), parameters.asMap()));
            }
        }
        return results;
    }
}

package oriole.recorder.store;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Runs the diagnostic queries, in the order of the SQL file. */
public final class DiagnosticReader {

    /**
     * The file's variables, as strings PostgreSQL casts: at (timestamptz), since and stuck_after (interval),
     * log_group, limit (rows per list).
     */
    public record Parameters(String at, String since, String stuckAfter, String logGroup, int limit) {
        /**
         * {@code at} goes as a timestamptz when it is an instant: text cast to timestamptz is only stable (it depends on
         * the session's time zone), so the planner would not know the window's bounds and would plan its partial
         * days' index ranges as if they covered a third of the table (measured: 1,095 ms instead of 316 at 90 days).
         */
        Map<String, Object> asMap() {
            return Map.of("at", moment(at), "since", since, "stuck_after", stuckAfter, "log_group", logGroup,
                    "limit", Integer.toString(limit));
        }

        static Object moment(String at) {
            try {
                return java.time.Instant.parse(at).atOffset(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException notAnInstant) {
                return at; // 'now' and other words PostgreSQL reads
            }
        }
    }

    /** The column each list carries: how many rows there are in all, of which the first {@code limit} are listed. */
    public static final String TOTAL_COLUMN = "total";

    /** Each query's rows, in the file's order. */
    public record Results(Map<DiagnosticQueries.Query, List<Map<String, Object>>> byQuery) {

        /** The first row of the query named {@code name} (the monitoring queries return exactly one). */
        public Map<String, Object> first(String name) {
            return byQuery.entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElseThrow(() -> new IllegalArgumentException("no diagnostic query named " + name));
        }
    }

    private DiagnosticReader() {
    }

    public static Results runAll(Connection connection, Parameters parameters) {
        SqlSessionFactory factory = MyBatisSessions.factory();
        DiagnosticQueries.registerOnce(factory.getConfiguration());
        Map<DiagnosticQueries.Query, List<Map<String, Object>>> results = new LinkedHashMap<>();
        try (SqlSession session = factory.openSession(connection)) {
            for (DiagnosticQueries.Query query : DiagnosticQueries.all()) {
                results.put(query, session.selectList(DiagnosticQueries.NAMESPACE + query.name(), parameters.asMap()));
            }
        }
        return new Results(results);
    }
}

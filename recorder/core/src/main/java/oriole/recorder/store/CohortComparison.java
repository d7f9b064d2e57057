package oriole.recorder.store;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;

/**
 * Two cohorts of the window's runs side by side: for execution success and for goal found, each cohort's rate with its
 * 95 % Wilson interval and the difference (first minus second) with Newcombe's interval, as proportions (0 to 1);
 * a rate of no runs is null.
 */
public record CohortComparison(Cohort first, Cohort second, Side firstSide, Side secondSide, Difference success,
        Difference goal) {

    /** One cohort's runs, and its two rates with their intervals. */
    public record Side(long runs, long succeeded, long goalFound, Rate success, Rate goal) {
    }

    /** A proportion and its 95 % interval; all null without runs. */
    public record Rate(Double value, Double low, Double high) {
    }

    /** The difference of two proportions and its 95 % interval; null when a cohort has no runs. */
    public record Difference(Double value, Double low, Double high) {

        /** Whether the interval excludes 0: the data say the cohorts differ (at the 95 % level). */
        public boolean clear() {
            return low != null && (low > 0 || high < 0);
        }
    }

    /** Reads the comparison for the runs started within {@code since} (a PostgreSQL interval) before {@code at}. */
    public static CohortComparison read(Connection connection, Cohort first, Cohort second, String at, String since) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("a", first.asParameter());
        parameters.put("b", second.asParameter());
        parameters.put("at", DiagnosticReader.Parameters.moment(at)); // a timestamptz: the planner knows the bounds
        parameters.put("since", since);
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            Map<String, Object> row = session.selectOne("oriole.recorder.store.CohortMapper.compare", parameters);
            return new CohortComparison(first, second, side(row, "a"), side(row, "b"),
                    difference(row, "success_difference"), difference(row, "goal_difference"));
        }
    }

    private static Side side(Map<String, Object> row, String suffix) {
        long runs = number(row, "runs_" + suffix).longValue();
        long succeeded = number(row, "succeeded_" + suffix).longValue();
        long goal = number(row, "goal_" + suffix).longValue();
        return new Side(runs, succeeded, goal,
                new Rate(runs == 0 ? null : (double) succeeded / runs, real(row, "success_low_" + suffix),
                        real(row, "success_high_" + suffix)),
                new Rate(runs == 0 ? null : (double) goal / runs, real(row, "goal_low_" + suffix),
                        real(row, "goal_high_" + suffix)));
    }

    private static Difference difference(Map<String, Object> row, String name) {
        return new Difference(real(row, name), real(row, name + "_low"), real(row, name + "_high"));
    }

    private static Number number(Map<String, Object> row, String column) {
        return (Number) row.get(column);
    }

    private static Double real(Map<String, Object> row, String column) {
        Number value = number(row, column);
        return value == null ? null : value.doubleValue();
    }
}

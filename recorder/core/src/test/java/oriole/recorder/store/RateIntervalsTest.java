package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

/**
 * The intervals researchers read (V8_2) against the published values: Wilson score intervals and the difference of
 * two proportions from Newcombe (Statistics in Medicine 17, 1998, pp. 857-872 and 873-890), four decimals.
 */
class RateIntervalsTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void wilsonIntervalsAreNewcombesIncludingAtZeroAndAtOneHundredPercent() throws Exception {
        assertWilson(81, 263, 0.2553, 0.3662);
        assertWilson(15, 148, 0.0624, 0.1605);
        assertWilson(0, 20, 0.0000, 0.1611);
        assertWilson(1, 29, 0.0061, 0.1718);
        assertWilson(1, 1, 0.2065, 1.0000);
        try (Connection c = db.connect()) {
            assertThat(Rows.query(c, "SELECT (oriole_wilson(0, 0)).low AS low").get(0).get("low"))
                    .as("no runs, no interval").isNull();
        }
    }

    @Test
    void theDifferenceOfTwoRatesHasNewcombesHybridScoreInterval() throws Exception {
        try (Connection c = db.connect()) {
            Map<String, Object> d = Rows.query(c, "SELECT (oriole_rate_difference(56, 70, 48, 80)).*").get(0);
            assertThat((Double) d.get("difference")).isCloseTo(0.2, within(1e-9));
            assertThat((Double) d.get("low")).isCloseTo(0.0524, within(0.00005));
            assertThat((Double) d.get("high")).isCloseTo(0.3339, within(0.00005));
            Map<String, Object> none = Rows.query(c, "SELECT (oriole_rate_difference(1, 1, 0, 0)).*").get(0);
            assertThat(none.get("difference")).isNull();
        }
    }

    @Test
    void aCohortComparisonCountsExactlyTheRunsOfEachSide() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (execution_arn, model_name, temperature, execution_status, status_rank,"
                    + " goal_found, started_at, recorder_created)"
                    + " SELECT 'arn:aws:states:us-east-1:1:execution:m:' || g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END,"
                    + " CASE WHEN g % 3 = 0 THEN 0.7 ELSE 0.70001 END,"
                    + " CASE WHEN g % 5 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, 20, g % 4 = 0,"
                    + " timestamptz '2026-01-01T12:00:00Z' - g * interval '1 minute', true FROM generate_series(1, 600) g");
            List<Cohort> cohorts = Cohort.pair("model=a+temperature=0.70,model=b+temperature=0.7");
            CohortComparison comparison = CohortComparison.read(c, cohorts.get(0), cohorts.get(1),
                    "2026-01-01T12:00:00Z", "7 days");

            Map<String, Object> expectedA = Rows.query(c, "SELECT count(*) AS runs,"
                    + " count(*) FILTER (WHERE execution_status = 'SUCCEEDED') AS succeeded,"
                    + " count(*) FILTER (WHERE goal_found) AS goal FROM experiments WHERE model_name = 'a' AND temperature = 0.7").get(0);
            assertThat(comparison.firstSide().runs()).as("0.70 is 0.7, 0.70001 is not").isEqualTo(expectedA.get("runs"));
            assertThat(comparison.firstSide().succeeded()).isEqualTo(expectedA.get("succeeded"));
            assertThat(comparison.firstSide().goalFound()).isEqualTo(expectedA.get("goal"));
            assertThat(comparison.secondSide().runs()).isEqualTo(Rows.count(c,
                    "SELECT count(*) FROM experiments WHERE model_name = 'b' AND temperature = 0.7"));
            assertThat(comparison.success().low()).isLessThan(comparison.success().value());
            assertThat(comparison.firstSide().success().low()).isLessThan(comparison.firstSide().success().value());
        }
    }

    private static void assertWilson(long successes, long runs, double low, double high) throws Exception {
        try (Connection c = db.connect()) {
            Map<String, Object> interval = Rows.query(c, "SELECT (oriole_wilson(?, ?)).*", successes, runs).get(0);
            assertThat((Double) interval.get("low")).as("%d/%d low", successes, runs).isCloseTo(low, within(0.00005));
            assertThat((Double) interval.get("high")).as("%d/%d high", successes, runs).isCloseTo(high, within(0.00005));
        }
    }
}

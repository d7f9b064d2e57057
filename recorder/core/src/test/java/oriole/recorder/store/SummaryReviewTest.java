package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

/** The research summary (V10) where a review found it wrong: each case against a full scan. */
class SummaryReviewTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "TRUNCATE experiments");
            Rows.execute(c, "DELETE FROM repeated_messages");
        }
    }

    /**
     * A session in a zone with daylight saving time: timestamptz + interval '1 day' is a calendar day of the session's
     * zone (23 or 25 hours across a change), so the window's first whole UTC day must not be found that way.
     */
    @Test
    void aWindowAcrossADaylightSavingChangeInTheSessionsZoneCountsEachRunOnce() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "SET TIME ZONE 'America/New_York'");
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found, last_error)"
                    + " SELECT 'dst', 0.5, t, t + interval '7 minutes', CASE WHEN i % 3 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,"
                    + " i % 2 = 0, CASE WHEN i % 3 = 0 THEN '{\"error\": \"States.Timeout\", \"kind\": \"TIMEOUT\"}'::jsonb END"
                    + " FROM (SELECT t, row_number() OVER () AS i FROM (SELECT generate_series('2026-03-06T00:05:00Z'::timestamptz,"
                    + " '2026-03-11T00:00:00Z', interval '50 minutes') UNION ALL SELECT generate_series('2026-10-30T00:05:00Z'::timestamptz,"
                    + " '2026-11-04T00:00:00Z', interval '50 minutes')) AS s(t)) AS r");
            // the spring change (2026-03-08) and the autumn one (2026-11-01) in the window's first day
            for (String at : List.of("2026-03-09T20:00:00Z", "2026-03-10T06:30:00Z", "2026-11-02T20:00:00Z",
                    "2026-11-03T10:30:00Z")) {
                SummaryExactnessTest.assertSameAsFullScan(c, at);
            }
        }
    }

    /**
     * A run with a start or end at -infinity or infinity (PostgreSQL 15 cannot subtract those): the writer's INSERT and
     * UPDATE stand as they did before the summary, and every figure still equals the scan's.
     */
    @Test
    void runsWithInfiniteTimesAreWrittenAndCounted() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found) VALUES ('inf', 0.5, '-infinity', '2026-03-01T10:20:00Z', 'FAILED', false),"
                    + " ('inf', 0.5, '2026-03-01T10:10:00Z', 'infinity', 'SUCCEEDED', true),"
                    + " ('inf', 0.5, '2026-03-01T10:15:00Z', '2026-03-01T10:25:00Z', 'SUCCEEDED', true),"
                    + " ('inf', 0.5, 'infinity', '2026-03-01T10:30:00Z', 'TIMED_OUT', false)");
            Rows.execute(c, "UPDATE experiments SET completed_at = '-infinity' WHERE started_at = '2026-03-01T10:15:00Z'");
            Rows.execute(c, "UPDATE experiments SET completed_at = '2026-03-01T10:40:00Z' WHERE started_at = '2026-03-01T10:15:00Z'");
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments")).isEqualTo(4);
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
            for (String at : List.of("2026-03-01T10:45:00Z", "2026-03-02T00:00:00Z", "2026-03-05T12:00:00Z")) {
                SummaryExactnessTest.assertSameAsFullScan(c, at);
            }
            Rows.execute(c, "SELECT oriole_rebuild_counts()");
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
        }
    }
}

package oriole.recorder.summary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The research summary V10 keeps (experiment_counts): checked against a full scan, rebuilt, its per-writer slots
 * of past days folded together. The work is the database's own functions; this names them for the command line and
 * the reconciler.
 */
public final class ResearchSummary {

    /** One key the summary counts differently from a scan: the key as PostgreSQL spells it, both counts. */
    public record Difference(String key, long counted, long scanned) {
    }

    private ResearchSummary() {
    }

    /** Every key where the summary and a full scan of experiments disagree; empty when the summary is exact. */
    public static List<Difference> differences(Connection connection) throws SQLException {
        List<Difference> differences = new ArrayList<>();
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count_key::text, counted, scanned FROM oriole_count_differences()"
                        + " ORDER BY 1")) {
            while (rows.next()) {
                differences.add(new Difference(rows.getString(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return differences;
    }

    /** Counts everything again (writers wait meanwhile); returns how many keys the summary now holds. */
    public static long rebuild(Connection connection) throws SQLException {
        return single(connection, "SELECT oriole_rebuild_counts()");
    }

    /** Folds the slots of days before yesterday into one; returns how many keys were folded. */
    public static long compact(Connection connection) throws SQLException {
        return single(connection, "SELECT oriole_compact_counts()");
    }

    private static long single(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            long value = row.getLong(1);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return value;
        }
    }
}

package oriole.recorder.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads rows back as plain values, for comparisons that explain themselves when they fail. */
public final class Rows {

    /** Every column a recorder writes, in a stable order. */
    public static final String TRACKED_COLUMNS = "execution_arn, execution_name, execution_status, status_rank,"
            + " redrive_count, state_machine_arn, sqs_message_id, model_name, temperature, started_at, completed_at,"
            + " last_error, failure_reason, goal_found, pre_created";

    private Rows() {
    }

    /** The tracked columns of the rows whose execution name starts with {@code tag}, the tag cut out. */
    public static List<String> experiments(Connection c, String tag) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement sql = c.prepareStatement("SELECT " + TRACKED_COLUMNS
                + " FROM experiments WHERE starts_with(execution_name, ?) ORDER BY execution_name")) {
            sql.setString(1, tag);
            try (ResultSet rs = sql.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        String value = rs.getString(i);
                        if (value != null) {
                            value = value.replace(tag, "");
                        }
                        row.append(i > 1 ? " | " : "").append(value);
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    public static List<Map<String, Object>> query(Connection c, String sql, Object... parameters) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    public static long count(Connection c, String sql, Object... parameters) throws SQLException {
        return ((Number) query(c, sql, parameters).get(0).values().iterator().next()).longValue();
    }

    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}

package oriole.recorder.coldstart;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The floor for {@code bench --cold-start}: the least a Java program can do to record a batch of 10 —
 * connect with the PostgreSQL driver and commit one 10-row upsert. Usage: {@code JdbcColdStart JDBC_URL RUN}.
 */
public final class JdbcColdStart {

    private JdbcColdStart() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder sql = new StringBuilder("INSERT INTO experiments (execution_arn, execution_name, execution_status,"
                + " status_rank, redrive_count) VALUES ");
        for (int i = 0; i < 10; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, 'RUNNING', 10, 0)");
        }
        sql.append(" ON CONFLICT (execution_arn) DO UPDATE SET execution_status = EXCLUDED.execution_status");
        try (Connection connection = DriverManager.getConnection(args[0])) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < 10; i++) {
                    String name = "floor-" + args[1] + "-" + i;
                    upsert.setString(2 * i + 1, "arn:aws:states:us-east-1:123456789012:execution:floor:" + name);
                    upsert.setString(2 * i + 2, name);
                }
                upsert.executeUpdate();
            }
            connection.commit();
        }
    }
}

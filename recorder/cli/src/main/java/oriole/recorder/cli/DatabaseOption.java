package oriole.recorder.cli;

import java.sql.Connection;
import java.sql.SQLException;
import oriole.recorder.lambda.RecorderHandler;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.store.DatabaseConnection;
import picocli.CommandLine.Option;

/** {@code --db URL}, else {@code RECORDER_DB_URL}. */
public final class DatabaseOption {

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL, user and password may be in it (default: $RECORDER_DB_URL)")
    String url;

    /** The configured URL, or null when neither --db nor RECORDER_DB_URL is set. */
    public String configuredUrl() {
        if (url != null && !url.isBlank()) {
            return url;
        }
        String fromEnvironment = System.getenv(RecorderHandler.DATABASE_URL_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }

    public String requireUrl() {
        String configured = configuredUrl();
        if (configured == null) {
            throw new CommandFailure("no database: pass --db JDBC_URL or set " + RecorderHandler.DATABASE_URL_VARIABLE);
        }
        return configured;
    }

    /** Fails with one readable line when the database cannot be reached with this URL. */
    public static void checkReachable(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new CommandFailure("not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database): "
                    + JdbcUrls.redact(url));
        }
        try (Connection ignored = DatabaseConnection.open(url)) {
            // reachable
        } catch (SQLException e) {
            throw new CommandFailure("cannot connect to " + JdbcUrls.redact(url) + ": " + ErrorLine.of(e));
        }
    }
}

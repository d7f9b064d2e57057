package oriole.recorder.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.lambda.RecorderHandler;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.local.EmbeddedDatabase;
import oriole.recorder.local.LocalDatabase;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.store.DatabaseConnection;
import picocli.CommandLine.Option;

/** {@code --db URL}, else {@code RECORDER_DB_URL}, else the user's embedded PostgreSQL. */
public final class DatabaseOption {

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL, user and password may be in it (default: $RECORDER_DB_URL, else the"
                    + " embedded PostgreSQL in $RECORDER_DATA_DIR or ~/.local/share/oriole-recorder/postgres)")
    String url;

    /** The configured URL, or null when neither --db nor RECORDER_DB_URL is set. */
    public String configuredUrl() {
        if (url != null && !url.isBlank()) {
            return url;
        }
        String fromEnvironment = System.getenv(RecorderHandler.DATABASE_URL_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }

    /**
     * The database this command works on: the configured one, checked reachable; else the user's embedded
     * PostgreSQL (see {@link LocalDatabase}), started for the command and stopped when the session closes.
     */
    public Session open() {
        String configured = configuredUrl();
        if (configured != null) {
            checkReachable(configured);
            return new Session(configured, null);
        }
        Path directory = LocalDatabase.directory(System.getenv());
        Optional<LocalDatabase.Running> running = LocalDatabase.running(directory);
        if (running.isPresent()) {
            System.err.printf("recorder: no --db and no %s: using the embedded PostgreSQL already running in %s (pid %d,"
                    + " started by another command such as serve)%n", RecorderHandler.DATABASE_URL_VARIABLE, directory,
                    running.get().pid());
            Migrator.migrate(running.get().url());
            return new Session(running.get().url(), null);
        }
        System.err.printf("recorder: no --db and no %s: using the embedded PostgreSQL in %s%n",
                RecorderHandler.DATABASE_URL_VARIABLE, directory);
        try {
            return new Session(null, LocalDatabase.start(directory, false));
        } catch (RuntimeException e) {
            throw new CommandFailure(ErrorLine.of(e));
        }
    }

    /** What a command does with its database's URL. */
    public interface WithDatabase {
        Integer run(String url) throws Exception;
    }

    /** Runs {@code body} on this command's database (see {@link #open()}), stopping an embedded one afterwards. */
    public Integer run(WithDatabase body) throws Exception {
        try (Session session = open()) {
            return body.run(session.url());
        }
    }

    /** A command's database, and the embedded server to stop afterwards (if it is one). */
    public record Session(String configuredUrl, EmbeddedDatabase embedded) implements AutoCloseable {

        public String url() {
            return embedded != null ? embedded.url() : configuredUrl;
        }

        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Fails with one readable line when the database was never migrated (the hint diagnose and show give). */
    public static CommandFailure notMigrated(String command, Exception e) {
        return new CommandFailure(command + ": " + ErrorLine.ofRootCause(e) + " (is the database migrated? run "
                + RecorderCommand.INVOCATION + " migrate)");
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

package oriole.recorder.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from the jar (zonky's embedded binaries) for local runs without a server.
 * By default it lives as long as the command; its data can be kept in a directory, and the server can be
 * left running after the command exits so the rows can be inspected.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean keepRunning;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, boolean keepRunning) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.keepRunning = keepRunning;
    }

    /**
     * @param dataDirectory where the data lives and stays (null: a throw-away directory, unless keepRunning)
     * @param keepRunning   leave the server running when this object is closed and the JVM exits
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean keepRunning) throws IOException {
        Path directory = dataDirectory;
        if (directory == null && keepRunning) {
            directory = Files.createTempDirectory("oriole-recorder-pg");
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(!keepRunning);
        if (directory != null) {
            Files.createDirectories(directory);
            builder.setDataDirectory(directory).setCleanDataDirectory(false);
        }
        return new EmbeddedDatabase(builder.start(), directory, keepRunning);
    }

    public String url() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** How to stop a server left running: its postmaster's pid is the first line of postmaster.pid. */
    public String stopCommand() {
        return "kill $(head -1 " + dataDirectory.resolve("postmaster.pid") + ")";
    }

    @Override
    public void close() throws IOException {
        if (!keepRunning) {
            postgres.close();
        }
    }
}

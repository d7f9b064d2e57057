package oriole.recorder.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import oriole.recorder.devkit.Migrator;

/**
 * The database every command uses when none is given: one embedded PostgreSQL per user, whose data lives in
 * {@code $RECORDER_DATA_DIR}, else {@code $XDG_DATA_HOME/oriole-recorder/postgres}, else
 * {@code ~/.local/share/oriole-recorder/postgres}. Each command starts it (migrated) and stops it when done, so
 * what {@code replay} recorded is what {@code diagnose} and {@code show} read next.
 */
public final class LocalDatabase {

    public static final String DATA_DIR_VARIABLE = "RECORDER_DATA_DIR";

    private LocalDatabase() {
    }

    public static Path directory(Map<String, String> environment) {
        String configured = environment.get(DATA_DIR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String dataHome = environment.get("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isBlank() ? Path.of(dataHome)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("oriole-recorder").resolve("postgres");
    }

    /** Starts the server on {@code directory} and migrates it; a server already running there is a clear error. */
    public static EmbeddedDatabase start(Path directory, boolean keepRunning) {
        if (Files.exists(directory.resolve("postmaster.pid"))) {
            throw new IllegalStateException("the embedded PostgreSQL in " + directory + " is already running (another"
                    + " command, or replay --keep): stop it with kill $(head -1 " + directory.resolve("postmaster.pid")
                    + "), or pass --db");
        }
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(directory, keepRunning);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        }
        Migrator.migrate(database.url());
        return database;
    }

    /** Removes the data: the next start begins with an empty database. */
    public static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}

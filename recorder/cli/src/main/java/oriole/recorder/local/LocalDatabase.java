package oriole.recorder.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                : Path.of(home(environment), ".local", "share");
        return base.resolve("oriole-recorder").resolve("postgres");
    }

    /** $HOME as the shell has it (what the documentation says); Java's user.home only when it is unset. */
    private static String home(Map<String, String> environment) {
        String home = environment.get("HOME");
        return home != null && !home.isBlank() ? home : System.getProperty("user.home");
    }

    /** A server another command started on {@code directory} (serve, replay --keep) and still runs. */
    public record Running(long pid, int port) {
        public String url() {
            return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
        }
    }

    /**
     * The server running on {@code directory}, to share; empty when none is. A {@code postmaster.pid} whose
     * process is gone (the command was killed with -9 and its server with it) is removed, so the next start works.
     */
    public static Optional<Running> running(Path directory) {
        Path lock = directory.resolve("postmaster.pid");
        if (!Files.exists(lock)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(lock);
            long pid = Long.parseLong(lines.get(0).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && lines.size() > 3) {
                return Optional.of(new Running(pid, Integer.parseInt(lines.get(3).strip())));
            }
        } catch (IOException | RuntimeException unreadable) {
            // a lock file half written or from another program: treated as stale, as PostgreSQL itself does
        }
        try {
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + lock, e);
        }
        return Optional.empty();
    }

    /** Starts the server on {@code directory} and migrates it (a stale lock file is cleared first, see {@link #running}). */
    public static EmbeddedDatabase start(Path directory, boolean keepRunning) {
        running(directory).ifPresent(running -> {
            throw new IllegalStateException("the embedded PostgreSQL in " + directory + " is running (pid " + running.pid()
                    + "): share it, or stop it with kill " + running.pid());
        });
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

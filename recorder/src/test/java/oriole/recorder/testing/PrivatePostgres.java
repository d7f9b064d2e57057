package oriole.recorder.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL of a test's own, which the test may stop and start again (same data, same port)
 * without disturbing the server the other tests share.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    public PrivatePostgres() throws IOException {
        this.dataDirectory = Files.createTempDirectory("recorder-private-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        start();
    }

    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
    }

    public void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** A fast shutdown: open sessions are terminated, as when RDS fails over or restarts. */
    public void stop() throws IOException {
        server.close();
        server = null;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            stop();
        }
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

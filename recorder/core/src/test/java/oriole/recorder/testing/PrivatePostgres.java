package oriole.recorder.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An embedded PostgreSQL of a test's own, which the test may stop and start again (same data, same port)
 * without disturbing the server the other tests share.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> serverConfig;
    private EmbeddedPostgres server;

    public PrivatePostgres() throws IOException {
        this(Map.of());
    }

    /** A server with these postgresql.conf settings (e.g. ssl = on and its certificate files). */
    public PrivatePostgres(Map<String, String> serverConfig) throws IOException {
        this.serverConfig = Map.copyOf(serverConfig);
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
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
        serverConfig.forEach(builder::setServerConfig);
        server = builder.start();
    }

    public int port() {
        return port;
    }

    /** The process ID of the server (postmaster), to pause it with SIGSTOP as a server that stops answering. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
    }

    /** Puts {@code line} first in pg_hba.conf and reloads: e.g. passwords required for one role over TCP. */
    public void requireFirst(String line) throws Exception {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        Files.writeString(hba, line + System.lineSeparator() + Files.readString(hba));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url("postgres"));
                java.sql.Statement statement = c.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
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

package oriole.recorder.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.postgresql.PostgreSQLContainer;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.devkit.Migrator;

/**
 * A fresh, migrated PostgreSQL database for one test class, dropped afterwards. The server is, in order:
 * {@code RECORDER_TEST_DB_URL} (a server where databases may be created), a Testcontainers PostgreSQL
 * where a Docker engine answers, or an embedded real PostgreSQL (zonky). Use as
 * {@code @RegisterExtension static final TestDatabase db = TestDatabase.migrated();}.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    public static final String SERVER_VARIABLE = "RECORDER_TEST_DB_URL";
    static final String POSTGRES_IMAGE = "postgres:15-alpine";

    private final boolean migrate;
    private String url;
    private String name;

    private TestDatabase(boolean migrate) {
        this.migrate = migrate;
    }

    public static TestDatabase migrated() {
        return new TestDatabase(true);
    }

    /** An empty database: for tests of the migrations themselves. */
    public static TestDatabase empty() {
        return new TestDatabase(false);
    }

    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        name = "recorder_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        String serverUrl = Server.url();
        try (Connection admin = DriverManager.getConnection(serverUrl); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
            // Tests check results, not durability: commits need not wait for the disk.
            sql.execute("ALTER DATABASE " + name + " SET synchronous_commit = off");
        }
        url = JdbcUrls.withDatabase(serverUrl, name);
        if (migrate) {
            Migrator.migrate(url);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        try (Connection admin = DriverManager.getConnection(Server.url()); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** The server shared by all test classes of this JVM, found once. */
    static final class Server {
        private static String url;

        static synchronized String url() {
            if (url == null) {
                url = start();
            }
            return url;
        }

        private static String start() {
            String configured = System.getenv(SERVER_VARIABLE);
            if (configured != null && !configured.isBlank()) {
                return configured;
            }
            if (DockerProbe.answers()) {
                PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return JdbcUrls.withParameter(JdbcUrls.withParameter(container.getJdbcUrl(), "user", container.getUsername()),
                        "password", container.getPassword());
            }
            return EmbeddedServer.startShared();
        }
    }

    /** An embedded PostgreSQL for this JVM, stopped when the JVM exits. */
    static final class EmbeddedServer {
        static String startShared() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
                return postgres.getJdbcUrl("postgres", "postgres");
            } catch (IOException e) {
                throw new IllegalStateException("cannot start an embedded PostgreSQL", e);
            }
        }
    }
}

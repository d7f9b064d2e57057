package oriole.recorder.devkit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies {@code db/migrations} with Flyway. On an oriole database that predates tracking (tables but no
 * Flyway history) it baselines at version 0 and still runs every script: they are written with
 * {@code IF NOT EXISTS} so existing tables and rows are left as they are.
 */
public final class Migrator {

    public static final String LOCATION = "classpath:db/migrations";

    private Migrator() {
    }

    /** Migrates the database at {@code jdbcUrl}; returns the number of scripts applied (0 when up to date). */
    public static Result migrate(String jdbcUrl) {
        return migrate(jdbcUrl, "latest");
    }

    /** Migrates up to {@code targetVersion} ("latest" for all): a database as an older release left it. */
    public static Result migrate(String jdbcUrl, String targetVersion) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setApplicationName("oriole-recorder-migrate");
        FluentConfiguration configuration = Flyway.configure();
        // A session-level lock instead of Flyway's transactional one: CREATE INDEX CONCURRENTLY (V6) waits for
        // every older transaction in the database, Flyway's own lock transaction included.
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        MigrateResult result = configuration
                .dataSource(dataSource)
                .locations(LOCATION)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("existing oriole database before execution tracking")
                .target(targetVersion)
                .load()
                .migrate();
        return new Result(result.migrationsExecuted, result.initialSchemaVersion, result.targetSchemaVersion);
    }

    public record Result(int applied, String fromVersion, String toVersion) {
    }
}

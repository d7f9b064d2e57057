package oriole.recorder.cli;

import java.util.concurrent.Callable;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.devkit.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", description = "Apply db/migrations to the database (safe on an existing oriole database; a second run does nothing).")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Override
    public Integer call() throws Exception {
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        Migrator.Result result = Migrator.migrate(url);
        System.out.printf("migrate: %d migration(s) applied to %s, schema version %s%n", result.applied(),
                JdbcUrls.redact(url), result.toVersion() == null ? result.fromVersion() : result.toVersion());
        return RecorderCommand.OK;
    }
}

package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.TestDatabase;

class MigrateCommandTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.empty();

    @Test
    void migratesThenDoesNothingTheSecondTime() {
        CommandRun first = CommandRun.of("migrate", "--db", db.url());
        CommandRun second = CommandRun.of("migrate", "--db", db.url());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).matches("(?s)migrate: [0-9]+ migration\\(s\\) applied to .*, schema version [0-9.]+\\n");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith("migrate: 0 migration(s) applied");
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExitCode2() {
        CommandRun refused = CommandRun.of("migrate", "--db", "jdbc:postgresql://127.0.0.1:1/oriole?user=x&password=secret");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines()).singleElement().asString()
                .startsWith("recorder: cannot connect to jdbc:postgresql://127.0.0.1:1/oriole?user=x&password=***: Connection to 127.0.0.1:1 refused")
                .doesNotContain("secret");
    }

    @Test
    void aWrongUrlOrFailedAuthenticationIsOneLineAndExitCode2() {
        CommandRun wrongUrl = CommandRun.of("migrate", "--db", "postgres://localhost/oriole");
        CommandRun badUser = CommandRun.of("migrate", "--db", db.url().replace("user=postgres", "user=no_such_role"));

        assertThat(wrongUrl.exitCode()).isEqualTo(2);
        assertThat(wrongUrl.err().lines()).singleElement().asString().startsWith("recorder: not a PostgreSQL JDBC URL");
        assertThat(badUser.exitCode()).isEqualTo(2);
        assertThat(badUser.err().lines()).singleElement().asString().contains("no_such_role");
    }
}

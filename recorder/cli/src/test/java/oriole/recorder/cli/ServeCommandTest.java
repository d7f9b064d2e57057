package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve's defaults: this machine only, the usual port, the window diagnose uses. */
class ServeCommandTest {

    @Test
    void listensOnThisMachineOnlyUnlessToldOtherwise() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();

        assertThat(serve.bind).isEqualTo("127.0.0.1");
        assertThat(serve.port).isEqualTo(8080);
        assertThat(serve.window.defaults().since().text()).isEqualTo("24h");
        assertThat(serve.window.defaults().limit()).isEqualTo(20);
    }

    @Test
    void aLimitOutOfRangeIsAUsageErrorNotAStart() {
        oriole.recorder.testing.CommandRun run = oriole.recorder.testing.CommandRun.of("serve", "--db", "jdbc:postgresql://127.0.0.1:1/none", "--limit", "0");

        assertThat(run.exitCode()).isEqualTo(2);
    }
}

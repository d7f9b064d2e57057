package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.TestDatabase;
import picocli.CommandLine;

/** serve as a user runs it: this machine only by default, its address printed, a clean stop on SIGTERM. */
class ServeCommandTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void listensOnThisMachineOnlyUnlessToldOtherwise() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();

        assertThat(serve.bind).isEqualTo("127.0.0.1");
        assertThat(serve.port).isEqualTo(8080);
        assertThat(serve.window.window().since().text()).isEqualTo("24h");
        assertThat(serve.window.window().limit()).isEqualTo(20);
    }

    @Test
    void aLimitOutOfRangeIsAUsageErrorNotAStart() {
        CommandRun run = CommandRun.of("serve", "--db", db.url(), "--limit", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--limit must be between 1 and 1000");
    }

    @Test
    void printsItsAddressAnswersThereAndStopsCleanlyOnSigterm() throws Exception {
        Path output = Files.createTempFile("serve", ".out");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RecorderCommand.class.getName(), "serve",
                "--db", db.url(), "--port", "0")
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readString(output).isEmpty() && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String started = Files.readString(output).lines().findFirst().orElse("");
            assertThat(started).startsWith("serve: http://127.0.0.1:").endsWith("/ (read-only; Ctrl-C stops)");
            URI address = URI.create(started.substring("serve: ".length(), started.indexOf(" (")));

            HttpResponse<String> overview = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(address.resolve("/api/overview")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("\"stuck_count\":0");

            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops after SIGTERM").isTrue();
            assertThat(serve.exitValue()).as("a clean stop").isZero();
            assertThat(Files.readAllLines(output)).containsExactly(started, "serve: stopped");
        } finally {
            serve.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    @Test
    void boundBeyondThisMachineItSaysWhereAndWarnsAndATokenFileMustHoldAToken() throws Exception {
        Path token = Files.createTempFile("token", ".txt");
        Files.writeString(token, "0123456789abcdef0123456789abcdef\n");
        Path output = Files.createTempFile("serve", ".out");
        Path errors = Files.createTempFile("serve", ".err");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RecorderCommand.class.getName(), "serve",
                "--db", db.url(), "--port", "0", "--bind", "0.0.0.0", "--token-file", token.toString())
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readAllLines(output).size() < 2 && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            java.util.List<String> lines = Files.readAllLines(output);
            assertThat(lines.get(1)).matches("serve: listening on (0\\.0\\.0\\.0|\\[::\\]):\\d+ \\(every address of this machine\\)");
            assertThat(Files.readString(errors)).contains("serve: warning: listening on ")
                    .contains("the view has no login").contains("every request must carry the token from " + token);
        } finally {
            serve.destroyForcibly().waitFor();
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }

        Files.writeString(token, "short");
        CommandRun refused = CommandRun.of("serve", "--db", db.url(), "--token-file", token.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("must hold one token of 16 or more letters, digits, - or _");
    }
}

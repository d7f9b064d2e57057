package oriole.recorder.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Commands pasted into bash as a person pastes them: {@code aws} is a function that does nothing, the folder is
 * empty. Whatever the commands hold, afterwards the folder is still empty and nothing printed: nothing but
 * {@code aws} ran.
 */
public final class PastedCommands {

    private PastedCommands() {
    }

    public static void assertOnlyAwsRuns(List<String> commands) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("pasted-");
        Path script = Files.createTempFile("pasted-", ".sh");
        StringBuilder pasted = new StringBuilder("aws() { :; }\n");
        commands.forEach(command -> pasted.append(command).append('\n'));
        Files.writeString(script, pasted, StandardCharsets.UTF_8);
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-i", script.toString())
                .directory(folder.toFile()).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> created = Files.list(folder)) {
            assertThat(created).as("files created by pasting %s", commands).isEmpty();
        }
        assertThat(output.lines().filter(line -> !line.isBlank() && !line.contains("no job control")
                && !line.contains("cannot set terminal process group")))
                .as("what pasting %s printed (only aws, a no-op, may run)", commands).isEmpty();
    }
}

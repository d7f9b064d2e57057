package oriole.recorder.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oriole.recorder.cli.RecorderCommand;

/** The command line in a JVM of its own, with a heap far smaller than what it streams. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code recorder.jar ARGS} on this test's classpath with at most {@code maxHeap} (e.g. 48m) of heap. */
    public static ProcessBuilder recorder(String maxHeap, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), RecorderCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}

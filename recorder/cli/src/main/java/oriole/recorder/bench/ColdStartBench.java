package oriole.recorder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;
import oriole.recorder.coldstart.HandlerColdStart;
import oriole.recorder.coldstart.JdbcColdStart;

/**
 * Cold starts, each in a fresh JVM on the Lambda package: the floor (connect and commit a 10-row upsert with
 * the PostgreSQL driver alone) against the handler recording a batch of 10, with the JVM's defaults and with
 * the start-up settings we recommend (an AppCDS archive of the handler's classes, C1 only, Serial GC).
 */
public final class ColdStartBench {

    static final List<String> TUNED_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    public record Result(long floorMillis, long recorderMillis, long recorderDefaultMillis) {
        public double ratio() {
            return recorderMillis / (double) floorMillis;
        }
    }

    private ColdStartBench() {
    }

    public static Result run(String schemaUrl, Path lambdaJar, int runs, ObjectMapper json) throws Exception {
        Path work = Files.createTempDirectory("oriole-cold-start");
        Path archive = work.resolve("recorder.jsa");
        // Training run: the JVM writes the classes the handler loaded into an AppCDS archive at exit.
        measure(lambdaJar, List.of("-XX:ArchiveClassesAtExit=" + archive), HandlerColdStart.class,
                schemaUrl, eventsFile(work, "train", json).toString());
        List<String> tuned = new ArrayList<>(TUNED_FLAGS);
        tuned.add("-XX:SharedArchiveFile=" + archive);
        long[] floor = new long[runs];
        long[] recorder = new long[runs];
        long[] recorderDefault = new long[runs];
        for (int i = 0; i < runs; i++) {
            floor[i] = measure(lambdaJar, List.of(), JdbcColdStart.class, schemaUrl, "run" + i);
            recorder[i] = measure(lambdaJar, tuned, HandlerColdStart.class, schemaUrl, eventsFile(work, "tuned" + i, json).toString());
            recorderDefault[i] = measure(lambdaJar, List.of(), HandlerColdStart.class, schemaUrl,
                    eventsFile(work, "default" + i, json).toString());
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        return new Result(median(floor), median(recorder), median(recorderDefault));
    }

    /** Wall milliseconds from process start to exit. */
    private static long measure(Path jar, List<String> flags, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", jar.toString(), main.getName()));
        command.addAll(Arrays.asList(args));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = process.waitFor();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(main.getSimpleName() + " exited with " + exit);
        }
        return millis;
    }

    private static Path eventsFile(Path directory, String tag, ObjectMapper json) throws Exception {
        List<QueuedMessage> events = new RandomLifecycles(json).inOrder("cold-" + tag + "-", 10, new Random(tag.hashCode()));
        ArrayNode batch = json.createArrayNode();
        for (QueuedMessage event : events.subList(0, 10)) {
            batch.add(json.readTree(event.body()));
        }
        Path file = directory.resolve(tag + ".json");
        Files.writeString(file, batch.toString());
        return file;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}

package oriole.recorder.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** What a piece of code prints to stdout (a handler's log lines), with what it returns. */
public record Stdout<T>(T result, String printed) {

    public static <T> Stdout<T> of(Callable<T> code) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            T result = code.call();
            return new Stdout<>(result, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}

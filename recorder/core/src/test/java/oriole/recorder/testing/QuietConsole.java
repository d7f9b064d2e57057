package oriole.recorder.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What tests provoke on purpose (a batch's "message failed" lines, a replay's table) is captured, not printed:
 * a green build's console shows the build, and a failing test shows what it printed. A disabled test says why
 * on the console. Registered for every test class (META-INF/services, junit-platform.properties).
 */
public final class QuietConsole implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestWatcher {

    private static final PrintStream CONSOLE = System.out;
    private static final Deque<Captured> CAPTURES = new ArrayDeque<>();

    private record Captured(PrintStream out, PrintStream err, ByteArrayOutputStream buffer) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        capture();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        release(context.getExecutionException());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        capture();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        release(context.getExecutionException());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        CONSOLE.println("[SKIPPED] " + context.getRequiredTestClass().getSimpleName() + ": " + reason.orElse("disabled"));
    }

    private static synchronized void capture() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CAPTURES.push(new Captured(System.out, System.err, buffer));
        PrintStream into = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(into);
        System.setErr(into);
    }

    private static synchronized void release(Optional<Throwable> failure) {
        Captured captured = CAPTURES.poll();
        if (captured == null) {
            return;
        }
        System.setOut(captured.out());
        System.setErr(captured.err());
        if (failure.isPresent()) {
            captured.out().print(captured.buffer().toString(StandardCharsets.UTF_8));
        }
    }
}

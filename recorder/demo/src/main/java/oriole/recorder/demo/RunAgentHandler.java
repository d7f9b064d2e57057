package oriole.recorder.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code RunAgent}: the demo's stand-in for oriole's agent. It does what the payload's {@code behavior} says
 * ({@link AgentBehavior}) and, when it succeeds, returns {@code {goalFound}}. It touches no database: the row is
 * the workflow's states' business.
 */
public final class RunAgentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** How long past the function's timeout a TIMEOUT agent would sleep: Lambda stops it long before. */
    static final long OVERSLEEP_MILLIS = 1_000;
    private static final int CHUNK_BYTES = 8 * 1024 * 1024;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Object behavior = input.get("behavior");
        switch (AgentBehavior.of(behavior == null ? "" : behavior.toString())) {
            case GOAL:
                return Map.of("goalFound", true);
            case NO_GOAL:
                return Map.of("goalFound", false);
            case THROW:
                throw new IllegalStateException("the agent crashed on purpose (behavior 'throw')");
            case NETWORK:
                throw refusedConnection();
            case TIMEOUT:
                sleep(context.getRemainingTimeInMillis() + OVERSLEEP_MILLIS);
                throw new IllegalStateException("the agent outlived its timeout: Lambda did not stop it");
            case OUT_OF_MEMORY:
                exhaustHeap();
                throw new IllegalStateException("the heap held every allocation");
            default:
                throw new AssertionError(behavior);
        }
    }

    /** Connects to a local port nobody listens on (just freed): refused, as an unreachable service would be. */
    private static UncheckedIOException refusedConnection() {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
            return new UncheckedIOException(new IOException("the agent's service answered on port " + port));
        } catch (IOException e) {
            return new UncheckedIOException("the agent could not reach its service: " + e, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps every chunk reachable until the JVM throws OutOfMemoryError (which is left to propagate). */
    private static void exhaustHeap() {
        List<byte[]> held = new ArrayList<>();
        while (held.size() < Integer.MAX_VALUE) {
            held.add(new byte[CHUNK_BYTES]);
        }
    }
}

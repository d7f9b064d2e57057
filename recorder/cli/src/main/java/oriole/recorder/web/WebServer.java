package oriole.recorder.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The read-only web view: the JDK's HTTP server, a few threads, a few read-only database connections. */
public final class WebServer implements AutoCloseable {

    static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService threads;
    private final ReadOnlyConnections connections;

    private WebServer(HttpServer server, ExecutorService threads, ReadOnlyConnections connections) {
        this.server = server;
        this.threads = threads;
        this.connections = connections;
    }

    /**
     * Serves the view of the database at {@code url} on {@code bind}:{@code port} (0: any free port).
     *
     * @param defaults the overview's window and limits when a request names none
     */
    public static WebServer start(String url, String bind, int port, OverviewQuery defaults) throws IOException {
        // Small responses on a kept-alive connection otherwise wait out the client's delayed ACK (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ReadOnlyConnections connections = new ReadOnlyConnections(url, THREADS);
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 50);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "oriole-web");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", new WebRoutes(connections, defaults, HostCheck.forAddress(server.getAddress().getAddress())));
        server.start();
        return new WebServer(server, threads, connections);
    }

    public URI address() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close();
    }
}

package oriole.recorder.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import oriole.recorder.window.Window;

/**
 * The read-only web view: the JDK's HTTP server, a pool of threads sized for slow clients, a few read-only
 * database connections.
 */
public final class WebServer implements AutoCloseable {

    /**
     * The JDK's server reads a request on a pool thread: a client that sends half a request line and goes quiet
     * holds that thread until the server's request timer closes it. So the pool is far larger than the
     * connections (threads waiting on a socket cost little), every request must arrive within REQUEST_SECONDS, and
     * every response leave within RESPONSE_SECONDS: a page's whole answer, a download's every write
     * ({@link ResponseDeadlines}: the JDK's own response timer would cut a long download).
     */
    static final int THREADS = 64;
    static final int CONNECTIONS = 6;
    static final int REQUEST_SECONDS = 5;
    static final int RESPONSE_SECONDS = 20;

    static {
        // Read once, when the JDK's server first loads its settings: set before any HttpServer exists.
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        // Small responses on a kept-alive connection otherwise wait out the client's delayed ACK (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Who may read the view beyond the Host check: the names it answers to, and the token it asks for (or null). */
    public record Access(List<String> allowedHosts, String token) {
        public static final Access LOCAL = new Access(List.of(), null);
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final ReadOnlyConnections connections;
    private final ResponseDeadlines deadlines;

    private WebServer(HttpServer server, ExecutorService threads, ReadOnlyConnections connections,
                      ResponseDeadlines deadlines) {
        this.server = server;
        this.threads = threads;
        this.connections = connections;
        this.deadlines = deadlines;
    }

    public static WebServer start(String url, String bind, int port, Window defaults) throws IOException {
        return start(url, bind, port, defaults, Access.LOCAL);
    }

    /**
     * Serves the view of the database at {@code url} on {@code bind}:{@code port} (0: any free port).
     *
     * @param defaults the overview's window and limits when a request names none
     */
    public static WebServer start(String url, String bind, int port, Window defaults, Access access) throws IOException {
        ReadOnlyConnections connections = new ReadOnlyConnections(url, CONNECTIONS);
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 100);
        ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "oriole-web");
                    thread.setDaemon(true);
                    return thread;
                });
        threads.allowCoreThreadTimeOut(true);
        server.setExecutor(threads);
        HostCheck hosts = HostCheck.forAddress(server.getAddress().getAddress(), access.allowedHosts());
        ResponseDeadlines deadlines = new ResponseDeadlines(RESPONSE_SECONDS);
        server.createContext("/", new WebRoutes(connections, defaults, hosts,
                access.token() == null ? null : new AccessToken(access.token()), deadlines));
        server.start();
        return new WebServer(server, threads, connections, deadlines);
    }

    /** The address actually bound: the port chosen for 0, the address as the system has it. */
    public InetSocketAddress bound() {
        return server.getAddress();
    }

    /** Where a browser on this machine opens the view. */
    public URI address() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host.replaceFirst("%.*$", "") + "]" : host) + ":"
                + address.getPort() + "/");
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
        deadlines.close();
        connections.close();
    }
}

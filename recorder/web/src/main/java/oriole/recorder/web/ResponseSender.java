package oriole.recorder.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.text.VisibleText;

/** Puts an answer on the wire: the headers every answer carries, a whole body in time, a download as it is written. */
final class ResponseSender {

    /**
     * Scripts only from this server; no inline script, no plugin, no frame, no form elsewhere. Inline styles are
     * allowed: the charting library positions its tooltips with them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** A download's bytes leave in writes of this size: the client must take each within the write limit. */
    static final int DOWNLOAD_BUFFER_BYTES = 64 * 1024;

    private final ResponseDeadlines deadlines;

    ResponseSender(ResponseDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    /** @param deadline the {@link System#nanoTime()} by which the whole answer must have left */
    void send(HttpExchange exchange, WebResponse response, long deadline) throws IOException {
        ResponseDeadlines.WatchedBody body = deadlines.watch(exchange.getResponseBody(), deadline);
        setHeaders(exchange, response);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        body.during(() -> exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length));
        if (!head) {
            try (OutputStream out = body) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    /**
     * Sends a download as it is written. Its status goes with its first bytes (after the first buffer): a query that
     * fails before them is still answered as a failure ({@code failure} says which). Once they left, a failure cuts
     * the connection, so the client sees a cut transfer (the chunked body lacks its end), never a shorter file that
     * looks whole.
     */
    void stream(HttpExchange exchange, WebResponse response, Function<Throwable, WebResponse> failure) throws IOException {
        long started = System.nanoTime();
        ResponseDeadlines.WatchedBody body = deadlines.watch(exchange.getResponseBody(), ResponseDeadlines.NO_DEADLINE);
        if (exchange.getRequestMethod().equals("HEAD")) {
            setHeaders(exchange, response);
            body.during(() -> exchange.sendResponseHeaders(200, -1));
            exchange.close();
            return;
        }
        HeadersOnFirstByte file = new HeadersOnFirstByte(body, () -> {
            setHeaders(exchange, response);
            exchange.sendResponseHeaders(200, 0); // 0: chunked, the length is known at the end only
        });
        try {
            response.download().writeTo(new BufferedOutputStream(file, DOWNLOAD_BUFFER_BYTES));
        } catch (Throwable e) {
            if (!file.headersSent()) {
                exchange.getResponseHeaders().remove("Content-Disposition");
                send(exchange, failure.apply(e), started + TimeUnit.SECONDS.toNanos(WebServer.RESPONSE_SECONDS));
                return;
            }
            System.err.println("serve: " + VisibleText.line(exchange.getRequestURI().getPath()) + ": download cut: "
                    + ErrorLine.ofRootCause(e));
            throw e instanceof IOException cut ? cut : new IOException(e);
        }
        file.close();
        exchange.close();
    }

    private static void setHeaders(HttpExchange exchange, WebResponse response) {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", response.cacheControl());
        response.headers().forEach(headers::set);
    }
}

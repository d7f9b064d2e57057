package oriole.recorder.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve",
        description = "A read-only web view of the experiments: the overview (stuck runs, failure rate, success by model"
                + " and temperature, failures over time, durations), the runs (filtered, paged), each run as show prints it,"
                + " and their JSON API (/api/overview, /api/runs, /api/runs/ID). Runs only SELECTs on read-only connections.",
        footer = "Stops on Ctrl-C or SIGTERM (exit 0). Exit codes: 0 stopped, 2 could not start.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Mixin
    WindowOptions window;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; the view has no login)")
    String bind;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "A host name the view also answers to when bound wider (the name people or a proxy use); repeatable")
    List<String> allowedHosts = List.of();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require the token in FILE (one line, 16 or more letters, digits, - or _) on every request:"
                    + " open the view once with ?token=TOKEN, or send Authorization: Bearer TOKEN")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandFailure("serve: --port must be from 0 to 65535");
        }
        String token = tokenFile == null ? null : readToken(tokenFile);
        return database.run(url -> serve(url, token));
    }

    private Integer serve(String url, String token) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (WebServer server = start(url, token)) {
            String bound = hostText(server.bound().getAddress()) + ":" + server.bound().getPort();
            System.out.println("serve: " + server.address() + " (read-only; Ctrl-C stops)");
            if (!server.bound().getAddress().isLoopbackAddress()) {
                System.out.println("serve: listening on " + bound
                        + (server.bound().getAddress().isAnyLocalAddress() ? " (every address of this machine)" : ""));
                System.err.println("serve: warning: listening on " + bound + ", beyond this machine, and the view has no login:"
                        + (token == null ? " anyone who reaches it reads every run. Add --token-file FILE or put it behind an"
                        + " authenticating proxy (docs/web.md)" : " every request must carry the token from " + tokenFile));
            }
            StopSignals.onStop(stopped::countDown);
            stopped.await();
        }
        System.out.println("serve: stopped");
        return RecorderCommand.OK;
    }

    private WebServer start(String url, String token) {
        try {
            return WebServer.start(url, bind, port, window.window(), new WebServer.Access(allowedHosts, token));
        } catch (IOException e) {
            throw new CommandFailure("serve: cannot listen on " + bind + ":" + port + ": " + ErrorLine.of(e));
        }
    }

    /** An address as a URL writes it: IPv6 in brackets, the wildcard (0.0.0.0 on a dual-stack JVM) as [::]. */
    private static String hostText(java.net.InetAddress address) {
        if (!(address instanceof java.net.Inet6Address)) {
            return address.getHostAddress();
        }
        return address.isAnyLocalAddress() ? "[::]" : "[" + address.getHostAddress().replaceFirst("%.*$", "") + "]";
    }

    static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CommandFailure("serve: cannot read --token-file " + file + ": " + ErrorLine.of(e));
        }
        if (!token.matches("[A-Za-z0-9_-]{16,512}")) {
            throw new CommandFailure("serve: --token-file " + file + " must hold one token of 16 or more letters, digits,"
                    + " - or _ (e.g. openssl rand -hex 32 > " + file + ")");
        }
        return token;
    }
}

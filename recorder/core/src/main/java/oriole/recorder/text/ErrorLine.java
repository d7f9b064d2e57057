package oriole.recorder.text;

import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An exception as one readable line, for a log line or a command's one line on stderr: its message (its class
 * name when it has none) with runs of whitespace folded, and what to do where the words are not enough (an
 * unknown host, a TLS certificate that does not verify). Cause chains are followed with cycles guarded.
 */
public final class ErrorLine {

    private ErrorLine() {
    }

    /** The exception's own message, with the hint its causes call for. */
    public static String of(Throwable e) {
        return withHint(message(e), e);
    }

    /** The deepest cause's message (what went wrong first, e.g. the I/O error under a driver's wrapper), with the hint. */
    public static String ofRootCause(Throwable e) {
        Throwable root = e;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (root.getCause() != null && seen.put(root, true) == null) {
            root = root.getCause();
        }
        return withHint(message(root), e);
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : FoldedSpace.of(message);
    }

    private static String withHint(String line, Throwable e) {
        UnknownHostException unknownHost = cause(e, UnknownHostException.class);
        if (unknownHost != null) {
            return line + " (the host '" + unknownHost.getMessage() + "' could not be resolved: check its name, DNS,"
                    + " or the VPC's DNS settings)";
        }
        if (line.contains("PKIX path")) {
            return line + " (the server's certificate is not signed by a CA in sslrootcert: give the bundle that"
                    + " signed it, for RDS AWS's global-bundle.pem)";
        }
        if (line.contains("could not be verified by hostnameverifier")) {
            return line + " (the server's certificate does not name this host: connect by a name it holds, for RDS"
                    + " the instance or cluster endpoint, not an IP address or a CNAME)";
        }
        return line;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package oriole.recorder.store;

import java.sql.SQLException;

/**
 * One readable line for a database error, with what to do where the driver's words are not enough (TLS
 * verification failures read like Java internals).
 */
public final class ConnectionProblem {

    private ConnectionProblem() {
    }

    public static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").trim();
        if (message.contains("PKIX path")) {
            return message + " (the server's certificate is not signed by a CA in sslrootcert: give the bundle that"
                    + " signed it, for RDS AWS's global-bundle.pem)";
        }
        if (message.contains("could not be verified by hostnameverifier")) {
            return message + " (the server's certificate does not name this host: connect by a name it holds, for RDS"
                    + " the instance or cluster endpoint, not an IP address or a CNAME)";
        }
        return message;
    }
}

package oriole.recorder.web;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A database failure said in one short sentence for the page or the JSON: never the driver's text, which names
 * the SQL, the tables and sometimes the values.
 */
final class ServerTrouble {

    private ServerTrouble() {
    }

    /** What to tell the client when {@code failure} came from the database, else empty (a bug: a 500). */
    static Optional<String> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(message(sql.getSQLState()));
            }
        }
        return Optional.empty();
    }

    private static String message(String state) {
        if (state == null) {
            return "the database could not answer this request";
        }
        if (state.equals("57014")) {
            return "the database did not answer within " + ReadOnlyConnections.STATEMENT_TIMEOUT
                    + " (the view's statement timeout): try a shorter window";
        }
        if (state.startsWith("08") || state.startsWith("57P")) {
            return "the database cannot be reached; the view answers again once it is back";
        }
        if (state.startsWith("53")) {
            return "the database is out of resources for this request; try again shortly";
        }
        return "the database could not answer this request (SQLSTATE " + state + ")";
    }
}

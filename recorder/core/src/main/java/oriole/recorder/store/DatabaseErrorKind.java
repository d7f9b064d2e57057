package oriole.recorder.store;

import java.sql.SQLException;

/** How the recorder reacts to an SQL error, decided by its SQLState class. */
public enum DatabaseErrorKind {
    /** The data of some message was refused (bad value, constraint): retry message by message. */
    DATA,
    /** Deadlock or serialization failure: the whole transaction may simply be run again. */
    TRANSIENT,
    /** The connection is gone or the server is not accepting work: reconnect, else fail the batch. */
    CONNECTION,
    /** The server refused the credentials (SQLState class 28): after a rotation, the secret has new ones. */
    AUTHENTICATION,
    /** Anything else (e.g. the schema is not migrated): fail the batch, SQS will deliver it again. */
    OTHER;

    public static DatabaseErrorKind of(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof java.io.IOException ? CONNECTION : OTHER;
        }
        if (state.startsWith("22") || state.startsWith("23") || state.equals("54000")) {
            return DATA;
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return TRANSIENT;
        }
        if (state.startsWith("28")) {
            return AUTHENTICATION;
        }
        if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
            return CONNECTION;
        }
        return OTHER;
    }
}

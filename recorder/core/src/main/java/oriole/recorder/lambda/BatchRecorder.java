package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import oriole.recorder.event.EventParser;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.event.InvalidEventException;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.lambda.BatchReport.FailedMessage;
import oriole.recorder.lambda.BatchReport.Why;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.store.DatabaseErrorKind;
import oriole.recorder.store.StatusStore;
import oriole.recorder.store.StoreOutcome;

/**
 * Records one batch of SQS messages: what the Lambda handler, the replay command and the poller all run.
 * Invalid messages fail alone; if the database refuses the batch because of one message's data, the
 * messages are retried one by one so only the guilty one fails; if the database is unreachable, every
 * message fails and SQS delivers it again. A message is reported successful only once committed.
 * One instance per worker (it owns one connection).
 */
public final class BatchRecorder implements AutoCloseable {

    private static final int TRANSIENT_ATTEMPTS = 3;
    private static final int DATABASE_CHECK_SECONDS = 5;

    private final EventParser parser;
    private final StatusStore store;
    private final DatabaseConnection database;

    public BatchRecorder(EventParser parser, StatusStore store, DatabaseConnection database) {
        this.parser = parser;
        this.store = store;
        this.database = database;
    }

    /**
     * The recorder every entry point runs (the Lambda, poll, replay): the standard parser and store, the
     * input/output pointers from {@code environment}, the URL asked from {@code databaseUrl} on first use and
     * again after an authentication failure.
     */
    public static BatchRecorder fromEnvironment(Supplier<String> databaseUrl, Map<String, String> environment,
            ObjectMapper json) {
        return connectingTo(databaseUrl, ExperimentProjection.fromEnvironment(json, environment), json);
    }

    /** A recorder with the standard parser and store, on a connection to {@code databaseUrl} opened on first use. */
    public static BatchRecorder connectingTo(String databaseUrl, ExperimentProjection projection, ObjectMapper json) {
        return connectingTo(() -> databaseUrl, projection, json);
    }

    /** As above, the URL asked from {@code databaseUrl} on first use and again after an authentication failure. */
    public static BatchRecorder connectingTo(Supplier<String> databaseUrl, ExperimentProjection projection,
            ObjectMapper json) {
        return new BatchRecorder(new EventParser(json), StatusStore.projecting(projection),
                new DatabaseConnection(databaseUrl));
    }

    public BatchReport record(List<QueuedMessage> messages) {
        long started = System.nanoTime();
        List<FailedMessage> failed = new ArrayList<>();
        List<Parsed> valid = new ArrayList<>(messages.size());
        for (QueuedMessage message : messages) {
            try {
                valid.add(new Parsed(message.messageId(), parser.parse(message.body())));
            } catch (InvalidEventException e) {
                failed.add(new FailedMessage(message.messageId(), Why.INVALID_MESSAGE, e.getMessage()));
            } catch (RuntimeException e) {
                // A reader bug must cost this message alone, never its neighbours.
                failed.add(new FailedMessage(message.messageId(), Why.INVALID_MESSAGE,
                        "could not read this message: " + describe(e)));
            }
        }
        StoreOutcome outcome = StoreOutcome.NOTHING;
        try {
            outcome = applyWithRetries(events(valid));
        } catch (SQLException e) {
            if (DatabaseErrorKind.of(e) == DatabaseErrorKind.DATA) {
                outcome = applyOneByOne(valid, failed);
            } else {
                String reason = "database: " + oneLine(e);
                valid.forEach(p -> failed.add(new FailedMessage(p.messageId(), Why.DATABASE_UNAVAILABLE, reason)));
            }
        } catch (RuntimeException e) {
            // Some event of the batch cannot be folded or bound: find which, one message at a time.
            outcome = applyOneByOne(valid, failed);
        }
        return new BatchReport(messages.size(), outcome, failed, (System.nanoTime() - started) / 1_000_000,
                valid.stream().map(p -> p.event().executionArn()).distinct().toList());
    }

    /** Each message in its own transaction: the ones whose data the database refuses fail alone. */
    private StoreOutcome applyOneByOne(List<Parsed> valid, List<FailedMessage> failed) {
        StoreOutcome outcome = StoreOutcome.NOTHING;
        for (int i = 0; i < valid.size(); i++) {
            Parsed message = valid.get(i);
            try {
                outcome = outcome.plus(applyWithRetries(List.of(message.event())));
            } catch (SQLException e) {
                if (DatabaseErrorKind.of(e) == DatabaseErrorKind.DATA) {
                    failed.add(new FailedMessage(message.messageId(), Why.REFUSED_BY_DATABASE,
                            "database refused this event: " + oneLine(e)));
                } else {
                    String reason = "database: " + oneLine(e);
                    valid.subList(i, valid.size())
                            .forEach(p -> failed.add(new FailedMessage(p.messageId(), Why.DATABASE_UNAVAILABLE, reason)));
                    break;
                }
            } catch (RuntimeException e) {
                failed.add(new FailedMessage(message.messageId(), Why.REFUSED_BY_DATABASE,
                        "could not record this event: " + describe(e)));
            }
        }
        return outcome;
    }

    /**
     * Deadlocks are run again; a broken connection is replaced once (it may have died while idle). When the
     * server refuses the credentials, or the reconnect after a broken connection fails (a password rotation
     * terminates sessions and changes the password), the credentials are read again from their source and
     * one more connection is tried, within this batch, before its messages are reported failed.
     */
    private StoreOutcome applyWithRetries(List<StatusChangeEvent> events) throws SQLException {
        boolean reconnected = false;
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            try {
                Connection connection = database.get();
                return store.apply(connection, events);
            } catch (SQLException e) {
                DatabaseErrorKind failure = DatabaseErrorKind.of(e);
                boolean cannotLogIn = failure == DatabaseErrorKind.AUTHENTICATION
                        || (failure == DatabaseErrorKind.CONNECTION && reconnected);
                if (failure == DatabaseErrorKind.CONNECTION && !reconnected) {
                    database.discard();
                    reconnected = true;
                } else if (cannotLogIn && !refreshed) {
                    database.refreshCredentials();
                    refreshed = true;
                } else if (failure == DatabaseErrorKind.TRANSIENT && attempt < TRANSIENT_ATTEMPTS) {
                    continue;
                } else {
                    if (failure == DatabaseErrorKind.CONNECTION || failure == DatabaseErrorKind.AUTHENTICATION) {
                        database.discard();
                    }
                    throw e;
                }
            }
        }
    }

    private static List<StatusChangeEvent> events(List<Parsed> parsed) {
        return parsed.stream().map(Parsed::event).toList();
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + ErrorLine.of(e);
    }

    private static String oneLine(SQLException e) {
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        return ErrorLine.of(e) + state;
    }

    /** Whether the database takes a connection and answers now (a poller asks before receiving again). */
    public boolean databaseAnswers() {
        try {
            if (database.get().isValid(DATABASE_CHECK_SECONDS)) {
                return true;
            }
        } catch (SQLException unreachable) {
            // answered below
        }
        database.discard();
        return false;
    }

    @Override
    public void close() {
        database.close();
    }

    private record Parsed(String messageId, StatusChangeEvent event) {
    }
}

package oriole.recorder.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of oriole's own statements, read verbatim from {@code db/oriole-workflow} (the files the coexistence tests
 * run) and sent as oriole's Lambdas send it with node-postgres: positional parameters {@code $1…$n}, every value
 * as text of unspecified type, so the server infers the types from the statement as it does for oriole.
 * The PostgreSQL JDBC driver only knows {@code ?} placeholders and numbers them {@code $1…$n} in order on the
 * wire, so the text PostgreSQL receives is the file's own whenever the file uses its parameters in order.
 */
public final class OrioleStatement {

    public static final String DIRECTORY = "db/oriole-workflow/";

    public static final OrioleStatement START_EXPERIMENT = load("start-experiment.sql");
    public static final OrioleStatement START_EXPERIMENT_MESSAGE_ONLY = load("start-experiment-message-only.sql");
    public static final OrioleStatement FINALIZE_EXPERIMENT = load("finalize-experiment.sql");
    public static final OrioleStatement FINALIZE_ON_ERROR = load("finalize-on-error.sql");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final String text;
    private final String jdbcText;
    /** For each {@code ?} of {@link #jdbcText}, in order, the number n of the {@code $n} it replaced. */
    private final int[] parameterNumbers;
    private final int parameterCount;

    private OrioleStatement(String file, String text) {
        this.file = file;
        this.text = text;
        List<Integer> numbers = new ArrayList<>();
        this.jdbcText = withJdbcPlaceholders(file, text, numbers);
        this.parameterNumbers = numbers.stream().mapToInt(Integer::intValue).toArray();
        this.parameterCount = numbers.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The statement in {@code db/oriole-workflow/<file>}, from the class path. */
    public static OrioleStatement load(String file) {
        try (InputStream in = OrioleStatement.class.getClassLoader().getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("no " + DIRECTORY + file + " on the class path");
            }
            return parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIRECTORY + file, e);
        }
    }

    /** A statement in node-postgres's form; {@code file} names it in messages. */
    static OrioleStatement parse(String file, String text) {
        return new OrioleStatement(file, text);
    }

    /** The file's text, as oriole sends it. */
    public String text() {
        return text;
    }

    /** What the JDBC driver is given: the text with each {@code $n} outside literals and comments as {@code ?}. */
    String jdbcText() {
        return jdbcText;
    }

    /** Runs an {@code INSERT … RETURNING id}; {@code values[n-1]} is {@code $n}. */
    public long insertReturningId(Connection connection, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(connection, values); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException(file + " returned no row");
            }
            return rows.getLong(1);
        }
    }

    /** Runs an UPDATE; the number of rows it changed. */
    public int update(Connection connection, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(connection, values)) {
            return statement.executeUpdate();
        }
    }

    private PreparedStatement prepare(Connection connection, Object... values) throws SQLException {
        if (values.length != parameterCount) {
            throw new IllegalArgumentException(file + " takes " + parameterCount + " parameters, not " + values.length);
        }
        PreparedStatement statement = connection.prepareStatement(jdbcText);
        for (int i = 0; i < parameterNumbers.length; i++) {
            Object value = values[parameterNumbers[i] - 1];
            if (value == null) {
                statement.setNull(i + 1, Types.OTHER);
            } else {
                // Types.OTHER: the driver sends the text with type "unspecified", as node-postgres does.
                statement.setObject(i + 1, asNodePostgresText(value), Types.OTHER);
            }
        }
        return statement;
    }

    /** node-postgres's prepareValue: objects as JSON.stringify writes them, anything else as its string. */
    static String asNodePostgresText(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + value, e);
            }
        }
        return value.toString();
    }

    /**
     * {@code $n} to {@code ?}, outside string literals, quoted identifiers and comments. A {@code ?} or a
     * dollar-quoted string in oriole's text would be misread by the driver or by this scan: refused.
     */
    private static String withJdbcPlaceholders(String file, String text, List<Integer> numbers) {
        StringBuilder jdbc = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = text.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < text.length() && text.charAt(end + 1) == c) {
                    end = text.indexOf(c, end + 2);
                }
                end = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("--", i)) {
                end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
            } else if (c == '$' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                end = i + 1;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                numbers.add(Integer.parseInt(text.substring(i + 1, end)));
                jdbc.append('?');
                i = end;
                continue;
            } else if (c == '?' || c == '$') {
                throw new IllegalArgumentException(file + ": '" + c + "' at offset " + i
                        + " is neither a $n parameter nor inside a literal or comment");
            } else {
                end = i + 1;
            }
            jdbc.append(text, i, end);
            i = end;
        }
        return jdbc.toString();
    }
}

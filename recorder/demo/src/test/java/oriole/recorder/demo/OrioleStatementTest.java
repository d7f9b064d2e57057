package oriole.recorder.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.testing.TestDatabase;

/** Oriole's statements, as the files in db/oriole-workflow hold them, reach PostgreSQL as oriole sends them. */
class OrioleStatementTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static final Path FILES = Path.of("../../db/oriole-workflow");

    @Test
    void eachStatementIsItsFileVerbatim() throws Exception {
        Map<String, OrioleStatement> statements = Map.of("start-experiment.sql", OrioleStatement.START_EXPERIMENT,
                "start-experiment-message-only.sql", OrioleStatement.START_EXPERIMENT_MESSAGE_ONLY,
                "finalize-experiment.sql", OrioleStatement.FINALIZE_EXPERIMENT,
                "finalize-on-error.sql", OrioleStatement.FINALIZE_ON_ERROR);
        try (var files = Files.list(FILES)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sql")))
                    .as("every statement oriole runs has its constant").containsExactlyInAnyOrderElementsOf(statements.keySet());
        }
        for (Map.Entry<String, OrioleStatement> statement : statements.entrySet()) {
            assertThat(statement.getValue().text()).as(statement.getKey()).isEqualTo(Files.readString(FILES.resolve(statement.getKey())));
        }
    }

    /**
     * Once the driver prepares a statement on the server (prepareThreshold=1: at once), pg_prepared_statements
     * shows the text the server was given: the file's, byte for byte.
     */
    @Test
    void postgresqlReceivesTheFilesTextAndInfersTheParameterTypes() throws Exception {
        try (Connection connection = DriverManager.getConnection(JdbcUrls.withParameter(db.url(), "prepareThreshold", "1"))) {
            long id = OrioleStatement.START_EXPERIMENT.insertReturningId(connection, "demo-small", 0.7,
                    "arn:aws:states:us-east-1:123456789012:execution:oriole-demo-experiment-prod:m-1", "m-1", "m-1");
            OrioleStatement.FINALIZE_ON_ERROR.update(connection, "FAILED",
                    Map.of("error", "States.TaskFailed", "cause", "boom", "timestamp", "2026-01-01T10:00:00.000Z"), "boom", id);
            try (PreparedStatement prepared = connection.prepareStatement(
                    "SELECT statement, parameter_types::text FROM pg_prepared_statements WHERE NOT from_sql ORDER BY prepare_time");
                    ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(OrioleStatement.START_EXPERIMENT.text());
                assertThat(rows.getString(2)).as("types the server inferred, none the client sent")
                        .isEqualTo("{text,numeric,text,text,text}");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(OrioleStatement.FINALIZE_ON_ERROR.text());
                assertThat(rows.getString(2)).isEqualTo("{\"character varying\",jsonb,text,bigint}");
            }
        }
    }

    @Test
    void placeholdersInLiteralsAndCommentsAreLeftAloneAndParametersBindByNumber() throws Exception {
        OrioleStatement statement = OrioleStatement.parse("test",
                "SELECT '$1 it''s ?' AS literal, \"$2?\" AS quoted, $2::text || '-' || $1::text AS value -- $3 ?\n"
                        + "FROM (SELECT 1 AS \"$2?\") t /* $4 ? */");
        assertThat(statement.jdbcText()).isEqualTo("SELECT '$1 it''s ?' AS literal, \"$2?\" AS quoted, ?::text || '-' || ?::text"
                + " AS value -- $3 ?\nFROM (SELECT 1 AS \"$2?\") t /* $4 ? */");
        try (Connection connection = db.connect()) {
            try (var prepared = connection.prepareStatement(statement.jdbcText())) {
                assertThat(prepared.getParameterMetaData().getParameterCount()).isEqualTo(2);
            }
            var insert = OrioleStatement.parse("swapped", "INSERT INTO experiments (model_name, failure_reason) VALUES ($2, $1) RETURNING id");
            long id = insert.insertReturningId(connection, "reason", "model");
            try (var row = connection.prepareStatement("SELECT model_name, failure_reason FROM experiments WHERE id = " + id);
                    ResultSet rows = row.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(List.of(rows.getString(1), rows.getString(2))).containsExactly("model", "reason");
            }
        }
    }

    @Test
    void whatTheDriverWouldMisreadIsRefused() {
        assertThatThrownBy(() -> OrioleStatement.parse("jsonb-operator.sql", "SELECT 1 WHERE '{}'::jsonb ? 'a'"))
                .hasMessage("jsonb-operator.sql: '?' at offset 27 is neither a $n parameter nor inside a literal or comment");
        assertThatThrownBy(() -> OrioleStatement.parse("dollar-quoted.sql", "SELECT $$text$$"))
                .hasMessageContaining("dollar-quoted.sql: '$' at offset 7");
        assertThatThrownBy(() -> OrioleStatement.FINALIZE_EXPERIMENT.update(null, true))
                .hasMessage("finalize-experiment.sql takes 2 parameters, not 1");
    }

    @Test
    void valuesAreTextAsNodePostgresSendsThem() {
        assertThat(OrioleStatement.asNodePostgresText(0.7)).isEqualTo("0.7");
        assertThat(OrioleStatement.asNodePostgresText(true)).isEqualTo("true");
        assertThat(OrioleStatement.asNodePostgresText(42)).isEqualTo("42");
        assertThat(OrioleStatement.asNodePostgresText(new java.util.LinkedHashMap<>(Map.of("error", "E")))).isEqualTo("{\"error\":\"E\"}");
    }
}

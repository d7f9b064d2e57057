package oriole.recorder.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.store.DatabaseConnection;

/** The database ceiling: the recorder's statements with pre-built arrays, straight through JDBC. */
final class CeilingWriter implements BatchWriter {

    private final List<List<CeilingStatements.Prepared>> batches;
    private final Connection connection;
    private final List<PreparedStatement> statements = new ArrayList<>();

    CeilingWriter(String url, List<List<CeilingStatements.Prepared>> batches) throws Exception {
        this.batches = batches;
        this.connection = DatabaseConnection.open(url);
        for (CeilingStatements.Prepared statement : batches.get(0)) {
            statements.add(connection.prepareStatement(statement.sql()));
        }
    }

    @Override
    public void write(int batchIndex, List<QueuedMessage> ignored) throws Exception {
        List<CeilingStatements.Prepared> batch = batches.get(batchIndex);
        for (int s = 0; s < batch.size(); s++) {
            CeilingStatements.Prepared prepared = batch.get(s);
            PreparedStatement statement = statements.get(s);
            for (int p = 0; p < prepared.arrays().size(); p++) {
                statement.setArray(p + 1, connection.createArrayOf(prepared.arrayTypes().get(p), prepared.arrays().get(p)));
            }
            if (prepared.query()) {
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(1);
                    }
                }
            } else {
                statement.executeUpdate();
            }
        }
        connection.commit();
    }

    @Override
    public void close() throws Exception {
        for (PreparedStatement statement : statements) {
            statement.close();
        }
        connection.close();
    }
}

package oriole.recorder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.session.Configuration;
import oriole.recorder.event.EventParser;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.event.InvalidEventException;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.store.ChangeColumns;
import oriole.recorder.store.ChangeFolder;
import oriole.recorder.store.EventColumns;
import oriole.recorder.store.ExecutionChange;
import oriole.recorder.store.ExecutionMapper;
import oriole.recorder.store.MyBatisSessions;
import oriole.recorder.store.SqlArray;

/**
 * The database ceiling's input: for every batch, the recorder's own three statements (their SQL text taken
 * from the MyBatis mapper, so it is the very same SQL) with their array parameters already built. Timing
 * then covers only what PostgreSQL and the driver must do.
 */
final class CeilingStatements {


    /** One statement of one batch: SQL text, whether it returns rows, and its parameters as (SQL type, values). */
    record Prepared(String sql, boolean query, List<String> arrayTypes, List<Object[]> arrays) {
    }

    private CeilingStatements() {
    }

    static List<List<Prepared>> build(List<List<QueuedMessage>> batches, ObjectMapper json) {
        EventParser parser = new EventParser(json);
        ChangeFolder folder = new ChangeFolder(ExperimentProjection.defaults(json));
        Configuration configuration = MyBatisSessions.factory().getConfiguration();
        List<List<Prepared>> prepared = new ArrayList<>(batches.size());
        for (List<QueuedMessage> batch : batches) {
            List<StatusChangeEvent> events = new ArrayList<>(batch.size());
            for (QueuedMessage message : batch) {
                try {
                    events.add(parser.parse(message.body()));
                } catch (InvalidEventException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            List<ExecutionChange> folded = folder.fold(events);
            EventColumns history = EventColumns.of(events, folded);
            ChangeColumns changes = ChangeColumns.of(folded);
            List<String> ids = ExecutionMapper.BATCH_STATEMENTS;
            prepared.add(List.of(statement(configuration, ids.get(0), history),
                    statement(configuration, ids.get(1), changes),
                    statement(configuration, ids.get(2), changes)));
        }
        return prepared;
    }

    private static Prepared statement(Configuration configuration, String id, Object parameter) {
        MappedStatement mapped = configuration.getMappedStatement(id);
        BoundSql bound = mapped.getBoundSql(parameter);
        List<String> types = new ArrayList<>();
        List<Object[]> arrays = new ArrayList<>();
        for (ParameterMapping mapping : bound.getParameterMappings()) {
            SqlArray array = (SqlArray) configuration.newMetaObject(parameter).getValue(mapping.getProperty());
            types.add(array.elementType());
            arrays.add(array.values());
        }
        return new Prepared(bound.getSql(), mapped.getSqlCommandType() == SqlCommandType.SELECT, types, arrays);
    }
}

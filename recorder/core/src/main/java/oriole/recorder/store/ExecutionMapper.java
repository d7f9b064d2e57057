package oriole.recorder.store;

import java.util.List;

/** The recorder's SQL, in {@code ExecutionMapper.xml}. Each call is one statement, whatever the batch size. */
public interface ExecutionMapper {

    /** The mapped statement ids of one batch, in the order the store runs them. */
    List<String> BATCH_STATEMENTS = List.of(
            "oriole.recorder.store.ExecutionMapper.insertEvents",
            "oriole.recorder.store.ExecutionMapper.attachPreCreatedRows",
            "oriole.recorder.store.ExecutionMapper.upsertExecutions");

    /** Appends the history rows; returns the ids of the events not seen before. */
    NewEvents insertEvents(EventColumns events);

    /** Gives rows created before their execution started (same sqs_message_id, no ARN yet) their ARN. */
    int attachPreCreatedRows(ChangeColumns changes);

    /** Upserts one row per execution; returns the rows it inserted or changed, with their new order key. */
    ChangedRows upsertExecutions(ChangeColumns changes);
}

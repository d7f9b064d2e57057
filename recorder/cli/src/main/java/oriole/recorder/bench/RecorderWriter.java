package oriole.recorder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.contract.QueuedMessage;

/**
 * The recorder exactly as the handler runs it (parse, fold, three statements, one transaction per batch);
 * or, as the naive baseline, one transaction per event, the design the seed implies.
 */
final class RecorderWriter implements BatchWriter {

    private final BatchRecorder recorder;
    private final boolean transactionPerEvent;

    RecorderWriter(String url, ObjectMapper json, boolean transactionPerEvent) {
        this.recorder = BatchRecorder.connectingTo(url, ExperimentProjection.defaults(json), json);
        this.transactionPerEvent = transactionPerEvent;
    }

    @Override
    public void write(int batchIndex, List<QueuedMessage> batch) {
        if (transactionPerEvent) {
            for (QueuedMessage message : batch) {
                check(recorder.record(List.of(message)));
            }
        } else {
            check(recorder.record(batch));
        }
    }

    private static void check(BatchReport report) {
        if (!report.failed().isEmpty()) {
            throw new IllegalStateException("not recorded: " + report.failed().get(0));
        }
    }

    @Override
    public void close() {
        recorder.close();
    }
}

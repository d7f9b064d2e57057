package oriole.recorder.bench;

import java.util.List;
import oriole.recorder.contract.QueuedMessage;

/** One worker's way of writing a batch (like one Lambda container); throws if anything was not recorded. */
interface BatchWriter extends AutoCloseable {

    void write(int batchIndex, List<QueuedMessage> batch) throws Exception;

    @Override
    void close() throws Exception;
}

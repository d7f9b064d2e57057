package oriole.recorder.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import oriole.recorder.lambda.BatchReport.FailedMessage;

/**
 * The structured log lines of a batch: one summary line with stable keys (what dashboards and metric
 * filters read), one "database unavailable" line when the database could not take the batch, and one line
 * per failed message with its reason.
 */
public final class BatchLog {

    private final ObjectMapper json;

    public BatchLog(ObjectMapper json) {
        this.json = json;
    }

    public List<String> lines(BatchReport report, String requestId, boolean coldStart) {
        List<String> lines = new ArrayList<>();
        ObjectNode summary = json.createObjectNode();
        summary.put("level", report.failed().isEmpty() ? "INFO" : "WARN");
        summary.put("message", "batch recorded");
        summary.put("received", report.received());
        summary.put("applied", report.outcome().applied());
        summary.put("stale", report.outcome().stale());
        summary.put("duplicate", report.outcome().duplicate());
        summary.put("rejected", report.rejected().size());
        summary.put("failed", report.failed().size());
        summary.put("milliseconds", report.millis());
        summary.put("cold_start", coldStart);
        summary.put("function_request_id", requestId);
        lines.add(summary.toString());
        List<FailedMessage> notRecorded = report.notRecorded();
        if (!notRecorded.isEmpty()) {
            // Once per batch: what the on-call must fix (outage, credentials, configuration), not the messages' fault.
            ObjectNode line = json.createObjectNode();
            line.put("level", "ERROR");
            line.put("message", "database unavailable");
            line.put("reason", notRecorded.get(0).reason());
            line.put("messages", notRecorded.size());
            line.put("function_request_id", requestId);
            lines.add(line.toString());
        }
        for (FailedMessage failure : report.failed()) {
            ObjectNode line = json.createObjectNode();
            line.put("level", "ERROR");
            line.put("message", "message failed");
            line.put("messageId", failure.messageId());
            line.put("why", failure.why().name());
            line.put("reason", failure.reason());
            line.put("function_request_id", requestId);
            lines.add(line.toString());
        }
        return lines;
    }
}

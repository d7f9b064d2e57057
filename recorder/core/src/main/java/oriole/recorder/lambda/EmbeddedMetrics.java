package oriole.recorder.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format log line: CloudWatch Logs turns it into metrics, no API call (and
 * no extra dependency) needed. Format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class EmbeddedMetrics {

    public static final String NAMESPACE = "oriole/ExecutionTracking";

    private EmbeddedMetrics() {
    }

    public static String line(ObjectMapper json, String namespace, Map<String, Object> metrics, long timestampMillis) {
        ObjectNode root = json.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray();
        ArrayNode definitions = directive.putArray("Metrics");
        metrics.forEach((name, value) -> {
            definitions.addObject().put("Name", name).put("Unit", name.endsWith("Percent") ? "Percent" : "Count");
            root.putPOJO(name, value);
        });
        return root.toString();
    }
}

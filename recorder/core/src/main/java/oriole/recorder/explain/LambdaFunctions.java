package oriole.recorder.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Lambda function a task ran: {@code FunctionName} in a {@code lambda:invoke} task's parameters, or the
 * resource itself when it is a function's ARN (a legacy {@code LambdaFunctionScheduled}, or a task whose
 * Resource is the function's ARN). {@code FunctionName} may be a name, a partial ARN
 * ({@code 123456789012:function:oriole-agent}) or an ARN, each with a version or alias: the function's name
 * is what names its log group.
 */
public final class LambdaFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaFunctions() {
    }

    /** The function's name, or null when the task ran no (known) Lambda function. */
    public static String of(String resourceType, String resource, String parameters) {
        if (resource != null && resource.startsWith("arn:") && resource.contains(":lambda:")) {
            return name(resource);
        }
        if (!"lambda".equals(resourceType) || parameters == null || !parameters.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            JsonNode functionName = JSON.readTree(parameters).get("FunctionName");
            return functionName != null && functionName.isTextual() ? name(functionName.textValue()) : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    /** {@code oriole-agent} of {@code oriole-agent}, {@code oriole-agent:live}, {@code …:function:oriole-agent[:3]}. */
    static String name(String functionName) {
        String[] parts = functionName.split(":", -1);
        for (int i = 0; i + 1 < parts.length; i++) {
            if ("function".equals(parts[i])) {
                return blankToNull(parts[i + 1]);
            }
        }
        return blankToNull(parts[0]);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

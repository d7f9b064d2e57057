package oriole.recorder.show;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links to the AWS console for a run, in the region and partition of its execution ARN
 * ({@code arn:PARTITION:states:REGION:…}): {@code aws} at console.aws.amazon.com, {@code aws-cn} at
 * console.amazonaws.cn, {@code aws-us-gov} at console.amazonaws-us-gov.com. The page makes no AWS call: the
 * console does, with the user's own sign-in.
 */
public final class ConsoleLinks {

    private ConsoleLinks() {
    }

    /** The execution's page in the Step Functions console (its graph, events and the failed state); null for no ARN. */
    public static String execution(String executionArn) {
        String[] parts = executionArn == null ? new String[0] : executionArn.split(":", 6);
        if (parts.length < 6 || !"arn".equals(parts[0]) || parts[3].isEmpty()) {
            return null;
        }
        String region = parts[3];
        return home(parts[1], region) + "/states/home?region=" + encode(region) + "#/v2/executions/details/"
                + encode(executionArn);
    }

    /** A function's log group in the CloudWatch console, in the execution's region and partition; null for no ARN. */
    public static String logGroup(String executionArn, String logGroup) {
        String[] parts = executionArn == null ? new String[0] : executionArn.split(":", 6);
        if (parts.length < 6 || logGroup == null) {
            return null;
        }
        String region = parts[3];
        return home(parts[1], region) + "/cloudwatch/home?region=" + encode(region) + "#logsV2:log-groups/log-group/"
                + encode(encode(logGroup)).replace("%25", "$25");
    }

    /** The region part of an execution ARN, or null. */
    public static String region(String executionArn) {
        String[] parts = executionArn == null ? new String[0] : executionArn.split(":", 6);
        return parts.length < 6 || parts[3].isEmpty() ? null : parts[3];
    }

    private static String home(String partition, String region) {
        return switch (partition) {
            case "aws-cn" -> "https://" + encode(region) + ".console.amazonaws.cn";
            case "aws-us-gov" -> "https://console.amazonaws-us-gov.com";
            default -> "https://" + encode(region) + ".console.aws.amazon.com";
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

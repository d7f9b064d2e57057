package oriole.infra;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * What the stack needs from its account, as CDK context ({@code cdk.json} or {@code -c key=value}):
 * the watched state machines (ARNs, or a name prefix), the network the database is reachable from, the
 * database's security group and credentials secret, and optionally an SNS topic for alarms.
 */
public record StackSettings(
        String account,
        String region,
        List<String> watchedStateMachineArns,
        String stateMachineNamePrefix,
        String vpcId,
        List<String> availabilityZones,
        List<String> privateSubnetIds,
        String databaseSecurityGroupId,
        String databaseSecretArn,
        String databaseSslMode,
        String alarmTopicArn,
        String recorderJar) {

    public static StackSettings fromContext(Node node) {
        String prefix = text(node, "stateMachineNamePrefix");
        List<String> arns = list(node, "watchedStateMachineArns");
        if (prefix.isEmpty() && arns.isEmpty()) {
            throw new IllegalArgumentException("set watchedStateMachineArns or stateMachineNamePrefix in cdk.json or with -c");
        }
        return new StackSettings(
                orEnvironment(text(node, "account"), "CDK_DEFAULT_ACCOUNT"),
                orEnvironment(text(node, "region"), "CDK_DEFAULT_REGION"),
                prefix.isEmpty() ? arns : List.of(),
                prefix,
                required(node, "vpcId"),
                list(node, "availabilityZones"),
                list(node, "privateSubnetIds"),
                required(node, "databaseSecurityGroupId"),
                required(node, "databaseSecretArn"),
                text(node, "databaseSslMode").isEmpty() ? "require" : text(node, "databaseSslMode"),
                text(node, "alarmTopicArn"),
                text(node, "recorderJar").isEmpty() ? "../recorder/target/recorder-lambda.jar" : text(node, "recorderJar"));
    }

    /** The state machine ARNs (or ARN prefix) the stack grants Step Functions reads on. */
    public List<String> stateMachineResources() {
        return stateMachineNamePrefix.isEmpty()
                ? watchedStateMachineArns
                : List.of(stateMachineArnPrefix() + "*");
    }

    /** Executions of the watched state machines: arn:…:execution:NAME:* for each. */
    public List<String> executionResources() {
        return stateMachineResources().stream()
                .map(arn -> arn.replace(":stateMachine:", ":execution:") + ":*")
                .toList();
    }

    public String stateMachineArnPrefix() {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + stateMachineNamePrefix;
    }

    private static String required(Node node, String key) {
        String value = text(node, key);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("context value '" + key + "' is required (cdk.json or -c " + key + "=...)");
        }
        return value;
    }

    private static List<String> list(Node node, String key) {
        String value = text(node, key);
        return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null ? "" : value.toString().strip();
    }

    private static String orEnvironment(String value, String variable) {
        if (!value.isEmpty()) {
            return value;
        }
        String fromEnvironment = System.getenv(variable);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new IllegalArgumentException("set the context value or " + variable);
        }
        return fromEnvironment;
    }
}

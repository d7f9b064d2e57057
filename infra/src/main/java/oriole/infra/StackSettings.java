package oriole.infra;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * What the stack needs from its account, as CDK context ({@code cdk.json} or {@code -c key=value}): the
 * stage (so two stages share an account), the watched state machines (ARNs, or a name prefix), the network
 * the database is reachable from, the database's security group, port and credentials secret (with where
 * the database is when the secret does not say: an RDS-managed secret holds only the credentials), the key
 * that encrypts the secret and the CA bundle that signs the database's certificate, and where alarms go.
 */
public record StackSettings(
        String stage,
        String account,
        String region,
        List<String> watchedStateMachineArns,
        String stateMachineNamePrefix,
        String vpcId,
        List<String> availabilityZones,
        List<String> privateSubnetIds,
        String databaseSecurityGroupId,
        String databaseSecretArn,
        String databaseSecretKmsKeyArn,
        String databaseHost,
        int databasePort,
        String databaseName,
        String databaseSslMode,
        String databaseCaBundle,
        String alarmTopicArn,
        boolean alarmsWithoutTopic,
        int historyRetentionDays,
        String recorderJar) {

    public static final String NO_ALARM_TOPIC = "none";

    public static StackSettings fromContext(Node node) {
        String prefix = text(node, "stateMachineNamePrefix");
        List<String> arns = list(node, "watchedStateMachineArns");
        if (prefix.isEmpty() && arns.isEmpty()) {
            throw new IllegalArgumentException("set watchedStateMachineArns or stateMachineNamePrefix in cdk.json or with -c");
        }
        String stage = text(node, "stage").isEmpty() ? "prod" : text(node, "stage");
        if (!stage.matches("[a-z0-9][a-z0-9-]{0,19}")) {
            throw new IllegalArgumentException("context value 'stage' must be 1-20 lower-case letters, digits or dashes: " + stage);
        }
        String alarmTopicArn = text(node, "alarmTopicArn");
        boolean alarmsWithoutTopic = NO_ALARM_TOPIC.equals(text(node, "alarms"));
        if (alarmTopicArn.isEmpty() && !alarmsWithoutTopic) {
            throw new IllegalArgumentException("alarms without a topic notify nobody: pass -c alarmTopicArn=arn:...:sns:...,"
                    + " or -c alarms=none to deploy without notifications on purpose");
        }
        String port = text(node, "databasePort");
        String recorderJar = text(node, "recorderJar").isEmpty() ? "../recorder/target/recorder-lambda.jar" : text(node, "recorderJar");
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(recorderJar))) {
            throw new IllegalArgumentException("the Lambda package " + recorderJar + " is not built yet: run"
                    + " 'mvn -B -q package -DskipTests' in the repository's root first");
        }
        return new StackSettings(
                stage,
                orEnvironment(text(node, "account"), "CDK_DEFAULT_ACCOUNT"),
                orEnvironment(text(node, "region"), "CDK_DEFAULT_REGION"),
                prefix.isEmpty() ? arns : List.of(),
                prefix,
                required(node, "vpcId"),
                list(node, "availabilityZones"),
                list(node, "privateSubnetIds"),
                required(node, "databaseSecurityGroupId"),
                required(node, "databaseSecretArn"),
                text(node, "databaseSecretKmsKeyArn"),
                text(node, "databaseHost"),
                port.isEmpty() ? 5432 : portNumber(port),
                text(node, "databaseName"),
                text(node, "databaseSslMode"),
                text(node, "databaseCaBundle"),
                alarmTopicArn,
                alarmsWithoutTopic,
                retentionDays(text(node, "historyRetentionDays")),
                recorderJar);
    }

    /** The state machine ARNs (or ARN prefix) the stack grants Step Functions reads on. */
    public List<String> stateMachineResources() {
        return stateMachineNamePrefix.isEmpty()
                ? watchedStateMachineArns
                : List.of(stateMachineArnPrefix() + "*");
    }

    /**
     * Executions of the watched state machines: arn:…:execution:NAME:* for each, and arn:…:execution:NAME/* for
     * their Distributed Map children (arn:…:execution:NAME/LABEL:CHILD). A name prefix's NAME* covers both.
     */
    public List<String> executionResources() {
        List<String> resources = new java.util.ArrayList<>();
        for (String arn : stateMachineResources()) {
            String executions = arn.replace(":stateMachine:", ":execution:");
            resources.add(executions + ":*");
            if (!executions.endsWith("*")) {
                resources.add(executions + "/*");
            }
        }
        return resources;
    }

    /** State machines named with the prefix, in this stack's partition (aws, aws-cn, aws-us-gov…). */
    public String stateMachineArnPrefix() {
        return "arn:" + Partitions.of(region) + ":states:" + region + ":" + account + ":stateMachine:" + stateMachineNamePrefix;
    }

    /** What distinguishes this stage's named resources (stack, dashboard, alarms) from another stage's. */
    public String qualified(String name) {
        return name + "-" + stage;
    }

    /** How long the history is kept (default 400 days: a year and a season of timelines). */
    private static int retentionDays(String text) {
        if (text.isEmpty()) {
            return 400;
        }
        try {
            int days = Integer.parseInt(text);
            if (days >= 1) {
                return days;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("context value 'historyRetentionDays' must be a number of days: " + text);
    }

    private static int portNumber(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("context value 'databasePort' must be a TCP port: " + text);
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

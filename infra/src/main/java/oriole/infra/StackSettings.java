package oriole.infra;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * What the stack needs from its account, as CDK context ({@code cdk.json} or {@code -c key=value}): the
 * stage (so two stages share an account), the watched state machines (ARNs, or a name prefix), the network
 * the database is reachable from, the database's security group, port and credentials secret (with where
 * the database is when the secret does not say: an RDS-managed secret holds only the credentials), the key
 * that encrypts the secret and the CA bundle that signs the database's certificate, and where alarms go. With
 * {@code demo=true} the stack also deploys the reference oriole workflow ({@link DemoWorkflow}), whose state
 * machine is then watched like the others.
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
        String recorderJar,
        boolean demo,
        String demoJar) {

    public static final String NO_ALARM_TOPIC = "none";
    /** The demo workflow's state machine, before the stage: oriole-demo-experiment-prod. */
    public static final String DEMO_STATE_MACHINE = "oriole-demo-experiment";

    public static StackSettings fromContext(Node node) {
        String prefix = text(node, "stateMachineNamePrefix");
        List<String> arns = list(node, "watchedStateMachineArns");
        boolean demo = flag(node, "demo");
        if (prefix.isEmpty() && arns.isEmpty() && !demo) {
            throw new IllegalArgumentException("set watchedStateMachineArns or stateMachineNamePrefix in cdk.json or with -c"
                    + " (or -c demo=true to watch the demo workflow only)");
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
        builtPackage(recorderJar);
        String demoJar = text(node, "demoJar").isEmpty() ? "../recorder/target/demo-lambda.jar" : text(node, "demoJar");
        if (demo) {
            builtPackage(demoJar);
        }
        String account = orEnvironment(text(node, "account"), "CDK_DEFAULT_ACCOUNT");
        String region = orEnvironment(text(node, "region"), "CDK_DEFAULT_REGION");
        List<String> watched = new java.util.ArrayList<>(prefix.isEmpty() ? arns : List.of());
        if (demo) {
            watched.add(stateMachineArn(region, account, qualified(DEMO_STATE_MACHINE, stage)));
        }
        return new StackSettings(
                stage,
                account,
                region,
                List.copyOf(watched),
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
                recorderJar,
                demo,
                demoJar);
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
        return stateMachineArn(region, account, stateMachineNamePrefix);
    }

    /** The demo workflow's state machine's name: known before the deploy, so the rule can match it literally. */
    public String demoStateMachineName() {
        return qualified(DEMO_STATE_MACHINE);
    }

    /** A state machine of this account and region, in the region's partition. */
    private static String stateMachineArn(String region, String account, String name) {
        return "arn:" + Partitions.of(region) + ":states:" + region + ":" + account + ":stateMachine:" + name;
    }

    /** What distinguishes this stage's named resources (stack, dashboard, alarms) from another stage's. */
    public String qualified(String name) {
        return qualified(name, stage);
    }

    private static String qualified(String name, String stage) {
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

    private static void builtPackage(String jar) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(jar))) {
            throw new IllegalArgumentException("the Lambda package " + jar + " is not built yet: run"
                    + " 'mvn -B -q package -DskipTests' in the repository's root first");
        }
    }

    /** true or false; anything else is a typo that must not silently deploy (or not deploy) something. */
    private static boolean flag(Node node, String key) {
        String value = text(node, key);
        if (value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("context value '" + key + "' must be true or false: " + value);
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

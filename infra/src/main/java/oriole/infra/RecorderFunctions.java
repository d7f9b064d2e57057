package oriole.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The recorder (fed by the status queue) and the scheduled reconciler: the same lean jar, in the
 * database's VPC, each with a role holding exactly what it needs.
 */
public final class RecorderFunctions extends Construct {

    /** A batch of 10 is folded and written in ~10 ms; 30 s leaves room for a reconnect after a failover. */
    public static final Duration RECORDER_TIMEOUT = Duration.seconds(30);
    /** Events come one per transition: small batches keep latency low, 1 s of batching absorbs bursts. */
    public static final int BATCH_SIZE = 10;
    public static final Duration BATCHING_WINDOW = Duration.seconds(1);
    /** At most this many recorders (so database connections) at once, whatever the backlog. */
    public static final int MAXIMUM_CONCURRENCY = 5;
    public static final String RECORDER_HANDLER = "oriole.recorder.lambda.RecorderHandler::handleRequest";
    public static final String RECONCILER_HANDLER = "oriole.recorder.lambda.ReconcileHandler::handleRequest";

    private final Function recorder;
    private final LogGroup recorderLogs;
    private final Alias recorderLive;
    private final Function reconciler;

    public RecorderFunctions(Construct scope, String id, StackSettings settings, StatusQueues queues) {
        super(scope, id);
        IVpc vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                .vpcId(settings.vpcId())
                .availabilityZones(settings.availabilityZones())
                .privateSubnetIds(settings.privateSubnetIds())
                .build());
        List<ISubnet> subnets = settings.privateSubnetIds().stream()
                .map(subnetId -> Subnet.fromSubnetId(this, "Subnet-" + subnetId, subnetId))
                .toList();
        ISecurityGroup database = SecurityGroup.fromSecurityGroupId(this, "DatabaseSecurityGroup",
                settings.databaseSecurityGroupId());
        SecurityGroup functions = SecurityGroup.Builder.create(this, "FunctionsSecurityGroup")
                .vpc(vpc)
                .description("oriole recorder and reconciler: PostgreSQL and AWS APIs only")
                .allowAllOutbound(false)
                .build();
        functions.addEgressRule(database, Port.tcp(5432), "PostgreSQL");
        functions.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs (Secrets Manager, Step Functions) over HTTPS");
        database.addIngressRule(functions, Port.tcp(5432), "oriole recorder and reconciler");
        Network network = new Network(vpc, subnets, functions);
        ISecret secret = Secret.fromSecretCompleteArn(this, "DatabaseSecret", settings.databaseSecretArn());
        Map<String, String> databaseEnvironment = Map.of(
                "RECORDER_DB_SECRET_ARN", settings.databaseSecretArn(),
                "RECORDER_DB_SSLMODE", settings.databaseSslMode(),
                // C1 only: these functions are short and latency-bound; the C2 compiler would not pay off.
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        Role recorderRole = functionRole("RecorderRole");
        recorderLogs = logGroup("RecorderLogs", recorderRole);
        recorder = javaFunction("Recorder", "Records Step Functions execution status changes in PostgreSQL",
                RECORDER_HANDLER, recorderRole, RECORDER_TIMEOUT, network, settings.recorderJar())
                .environment(merge(databaseEnvironment, Map.of(
                        "RECORDER_MESSAGE_ID_POINTER", "/messageId",
                        "RECORDER_GOAL_FOUND_POINTER", "/goalFound",
                        "RECORDER_MODEL_NAME_POINTER", "/modelName",
                        "RECORDER_TEMPERATURE_POINTER", "/temperature")))
                .logGroup(recorderLogs)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        recorderLive = Alias.Builder.create(this, "RecorderLive")
                .aliasName("live")
                .version(recorder.getCurrentVersion())
                .build();
        recorderLive.addEventSource(SqsEventSource.Builder.create(queues.statusQueue())
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(BATCHING_WINDOW)
                .reportBatchItemFailures(true)
                .maxConcurrency(MAXIMUM_CONCURRENCY)
                .build());
        secret.grantRead(recorderRole);

        Role reconcilerRole = functionRole("ReconcilerRole");
        reconciler = javaFunction("Reconciler", "Asks Step Functions about runs the events left behind, every 15 minutes",
                RECONCILER_HANDLER, reconcilerRole, Duration.minutes(5), network, settings.recorderJar())
                .environment(merge(databaseEnvironment, Map.of(
                        "RECORDER_RECONCILE_OLDER_THAN_MINUTES", "15",
                        "RECORDER_RECONCILE_LIMIT", "500",
                        "RECORDER_RECONCILE_RATE", "10")))
                .logGroup(logGroup("ReconcilerLogs", reconcilerRole))
                // One run at a time: two reconcilers would ask Step Functions the same questions.
                .reservedConcurrentExecutions(1)
                .build();
        secret.grantRead(reconcilerRole);
        reconcilerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeExecution"))
                .resources(settings.executionResources())
                .build());
        reconcilerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:ListExecutions"))
                .resources(settings.stateMachineResources())
                .build());
        Rule.Builder.create(this, "ReconcileSchedule")
                .description("Runs the reconciler every 15 minutes")
                .schedule(Schedule.rate(Duration.minutes(15)))
                .targets(List.of(new LambdaFunction(reconciler)))
                .build();
    }

    /** Where the functions run: the database's VPC, its private subnets, the functions' security group. */
    private record Network(IVpc vpc, List<ISubnet> subnets, SecurityGroup securityGroup) {
    }

    /** A function of the recorder's jar: Java 21 on arm64, in the VPC, JSON logs. */
    private Function.Builder javaFunction(String id, String description, String handler, Role role, Duration timeout,
            Network network, String jar) {
        return Function.Builder.create(this, id)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(jar))
                .handler(handler)
                // Lambda gives CPU in proportion to memory: 1 GB starts the JVM and MyBatis quickly; the heap needs far less.
                .memorySize(1024)
                .timeout(timeout)
                .role(role)
                .vpc(network.vpc())
                .vpcSubnets(SubnetSelection.builder().subnets(network.subnets()).build())
                .securityGroups(List.of(network.securityGroup()))
                .loggingFormat(LoggingFormat.JSON);
    }

    /** A role for a function in the VPC: network interfaces and its own logs; the rest is granted where used. */
    private Role functionRole(String id) {
        Role role = Role.Builder.create(this, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("VpcNetworkInterfaces")
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                // AWS: these EC2 actions do not support resource-level permissions.
                .resources(List.of("*"))
                .build());
        return role;
    }

    private LogGroup logGroup(String id, Role writer) {
        LogGroup logs = LogGroup.Builder.create(this, id)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        logs.grantWrite(writer);
        return logs;
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        java.util.Map<String, String> merged = new java.util.TreeMap<>(a);
        merged.putAll(b);
        return merged;
    }

    public Function recorder() {
        return recorder;
    }

    public LogGroup recorderLogs() {
        return recorderLogs;
    }

    public Alias recorderLive() {
        return recorderLive;
    }

    public Function reconciler() {
        return reconciler;
    }
}

package oriole.infra;

import java.io.IOException;
import oriole.recorder.contract.RecorderEnvironment;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
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
    public static final String RECORDER_HANDLER = RecorderEnvironment.RECORDER_HANDLER;
    public static final String RECONCILER_HANDLER = RecorderEnvironment.RECONCILER_HANDLER;

    private final Function recorder;
    private final LogGroup recorderLogs;
    private final Alias recorderLive;
    private final Function reconciler;
    private final Function pruner;

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
        functions.addEgressRule(database, Port.tcp(settings.databasePort()), "PostgreSQL");
        functions.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs (Secrets Manager, Step Functions) over HTTPS");
        database.addIngressRule(functions, Port.tcp(settings.databasePort()), "oriole recorder and reconciler");
        Network network = new Network(vpc, subnets, functions);
        List<ILayerVersion> layers = new ArrayList<>();
        Map<String, String> databaseEnvironment = databaseEnvironment(settings, layers);

        Role recorderRole = functionRole("RecorderRole");
        recorderLogs = logGroup("RecorderLogs", recorderRole);
        recorder = javaFunction("Recorder", "Records Step Functions execution status changes in PostgreSQL",
                RECORDER_HANDLER, recorderRole, RECORDER_TIMEOUT, network, settings.recorderJar())
                .environment(merge(databaseEnvironment, Map.of(
                        RecorderEnvironment.MESSAGE_ID_POINTER, RecorderEnvironment.DEFAULT_MESSAGE_ID_POINTER,
                        RecorderEnvironment.GOAL_FOUND_POINTER, RecorderEnvironment.DEFAULT_GOAL_FOUND_POINTER,
                        RecorderEnvironment.MODEL_NAME_POINTER, RecorderEnvironment.DEFAULT_MODEL_NAME_POINTER,
                        RecorderEnvironment.TEMPERATURE_POINTER, RecorderEnvironment.DEFAULT_TEMPERATURE_POINTER,
                        RecorderEnvironment.CAUGHT_ERROR_POINTER, RecorderEnvironment.DEFAULT_CAUGHT_ERROR_POINTER)))
                .logGroup(recorderLogs)
                .layers(layers)
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
        readSecret(recorderRole, settings);

        Role reconcilerRole = functionRole("ReconcilerRole");
        reconciler = javaFunction("Reconciler", "Asks Step Functions about runs the events left behind, every 15 minutes",
                RECONCILER_HANDLER, reconcilerRole, Duration.minutes(5), network, settings.recorderJar())
                .environment(merge(databaseEnvironment, Map.of(
                        RecorderEnvironment.RECONCILE_OLDER_THAN_MINUTES, RecorderEnvironment.DEFAULT_RECONCILE_OLDER_THAN_MINUTES,
                        RecorderEnvironment.RECONCILE_LIMIT, RecorderEnvironment.DEFAULT_RECONCILE_LIMIT,
                        RecorderEnvironment.RECONCILE_RATE, RecorderEnvironment.DEFAULT_RECONCILE_RATE)))
                .logGroup(logGroup("ReconcilerLogs", reconcilerRole))
                .layers(layers)
                // One run at a time: two reconcilers would ask Step Functions the same questions.
                .reservedConcurrentExecutions(1)
                .build();
        readSecret(reconcilerRole, settings);
        // DescribeExecution only: ListExecutions is for the backfill command, run with the operator's credentials.
        reconcilerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeExecution"))
                .resources(settings.executionResources())
                .build());
        Role prunerRole = functionRole("PrunerRole");
        pruner = javaFunction("Pruner", "Removes history (execution_events) older than the retention, once a day",
                RecorderEnvironment.PRUNE_HANDLER, prunerRole, Duration.minutes(15), network, settings.recorderJar())
                .environment(merge(databaseEnvironment, Map.of(RecorderEnvironment.HISTORY_RETENTION_DAYS,
                        Integer.toString(settings.historyRetentionDays()))))
                .logGroup(logGroup("PrunerLogs", prunerRole))
                .layers(layers)
                .reservedConcurrentExecutions(1)
                .build();
        readSecret(prunerRole, settings);
        Rule.Builder.create(this, "PruneSchedule")
                .description("Prunes the recorder's history once a day")
                .schedule(Schedule.rate(Duration.days(1)))
                .targets(List.of(new LambdaFunction(pruner)))
                .build();
        Rule.Builder.create(this, "ReconcileSchedule")
                .description("Runs the reconciler every 15 minutes")
                .schedule(Schedule.rate(Duration.minutes(15)))
                .targets(List.of(new LambdaFunction(reconciler)))
                .build();
    }

    /**
     * Where the functions find the database: the secret, where the database is when the secret does not say
     * (an RDS-managed secret holds only the credentials), and TLS: the CA bundle, shipped in a layer at
     * {@value #CA_BUNDLE_DIRECTORY}, makes the recorder verify the server (verify-full) unless a mode is given.
     */
    private Map<String, String> databaseEnvironment(StackSettings settings, List<ILayerVersion> layers) {
        Map<String, String> environment = new java.util.TreeMap<>();
        environment.put(RecorderEnvironment.DATABASE_SECRET_ARN, settings.databaseSecretArn());
        environment.put(RecorderEnvironment.DATABASE_PORT, Integer.toString(settings.databasePort()));
        putIfGiven(environment, RecorderEnvironment.DATABASE_HOST, settings.databaseHost());
        putIfGiven(environment, RecorderEnvironment.DATABASE_NAME, settings.databaseName());
        putIfGiven(environment, RecorderEnvironment.DATABASE_SSL_MODE, settings.databaseSslMode());
        if (!settings.databaseCaBundle().isEmpty()) {
            Path bundle = Path.of(settings.databaseCaBundle());
            if (!Files.isRegularFile(bundle)) {
                throw new IllegalArgumentException("databaseCaBundle: no such file " + bundle.toAbsolutePath()
                        + " (download AWS's bundle: https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)");
            }
            layers.add(LayerVersion.Builder.create(this, "DatabaseCaBundle")
                    .description("The CA bundle that signs the database's certificate, at " + CA_BUNDLE_DIRECTORY)
                    .code(Code.fromAsset(layerDirectory(bundle)))
                    .compatibleRuntimes(List.of(Runtime.JAVA_21))
                    .build());
            environment.put(RecorderEnvironment.DATABASE_SSL_ROOT_CERT, CA_BUNDLE_DIRECTORY + "/" + bundle.getFileName());
        }
        // C1 only: these functions are short and latency-bound; the C2 compiler would not pay off.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return environment;
    }

    /** Lambda unpacks a layer into /opt: a directory holding only the bundle becomes /opt/<bundle file>. */
    private static String layerDirectory(Path bundle) {
        try {
            Path directory = Files.createTempDirectory("oriole-ca-bundle");
            Files.copy(bundle, directory.resolve(bundle.getFileName()));
            return directory.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + bundle, e);
        }
    }

    private static void putIfGiven(Map<String, String> environment, String name, String value) {
        if (!value.isEmpty()) {
            environment.put(name, value);
        }
    }

    /**
     * GetSecretValue on the one secret (no DescribeSecret: no code asks for it); with a customer-managed KMS
     * key, Decrypt on that key only, and only when Secrets Manager asks on the function's behalf.
     */
    private void readSecret(Role role, StackSettings settings) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(settings.databaseSecretArn()))
                .build());
        if (!settings.databaseSecretKmsKeyArn().isEmpty()) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(settings.databaseSecretKmsKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                            "secretsmanager." + settings.region() + ".amazonaws.com")))
                    .build());
        }
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

    /** Lambda's layer mount point. */
    static final String CA_BUNDLE_DIRECTORY = "/opt";

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

    public Function pruner() {
        return pruner;
    }
}

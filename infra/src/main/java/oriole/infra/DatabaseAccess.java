package oriole.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import oriole.recorder.contract.RecorderEnvironment;
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
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * How a function reaches the database: the database's VPC and private subnets, a security group that may talk
 * to PostgreSQL (the database's group lets it in) and to AWS APIs, the variables that name the secret and where
 * the database is, the CA bundle's layer, and the right to read the secret. The recorder's functions and the
 * demo's workflow states use the same one, so they log in alike.
 */
final class DatabaseAccess {

    /** Lambda's layer mount point. */
    static final String CA_BUNDLE_DIRECTORY = "/opt";

    private final StackSettings settings;
    private final IVpc vpc;
    private final List<ISubnet> subnets;
    private final ISecurityGroup database;
    private final List<ILayerVersion> layers = new ArrayList<>();
    private final Map<String, String> environment;

    /** The VPC, subnets, database group and CA layer, imported or made in {@code scope}. */
    DatabaseAccess(Construct scope, StackSettings settings) {
        this.settings = settings;
        vpc = Vpc.fromVpcAttributes(scope, "Vpc", VpcAttributes.builder()
                .vpcId(settings.vpcId())
                .availabilityZones(settings.availabilityZones())
                .privateSubnetIds(settings.privateSubnetIds())
                .build());
        subnets = settings.privateSubnetIds().stream()
                .map(subnetId -> Subnet.fromSubnetId(scope, "Subnet-" + subnetId, subnetId))
                .toList();
        database = SecurityGroup.fromSecurityGroupId(scope, "DatabaseSecurityGroup", settings.databaseSecurityGroupId());
        environment = databaseEnvironment(scope);
    }

    /**
     * A security group for {@code who}'s functions: out to PostgreSQL and HTTPS only, and let in by the
     * database's group on its port.
     */
    SecurityGroup clients(Construct scope, String id, String who) {
        SecurityGroup clients = SecurityGroup.Builder.create(scope, id)
                .vpc(vpc)
                .description(who + ": PostgreSQL and AWS APIs only")
                .allowAllOutbound(false)
                .build();
        clients.addEgressRule(database, Port.tcp(settings.databasePort()), "PostgreSQL");
        clients.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs (Secrets Manager, Step Functions) over HTTPS");
        database.addIngressRule(clients, Port.tcp(settings.databasePort()), who);
        return clients;
    }

    /** The function in the database's subnets with {@code clients}, the CA layer, and {@code variables} beside the database's. */
    Function.Builder place(Function.Builder function, SecurityGroup clients, Map<String, String> variables) {
        Map<String, String> merged = new TreeMap<>(environment);
        merged.putAll(variables);
        return function
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnets(subnets).build())
                .securityGroups(List.of(clients))
                .layers(layers)
                .environment(merged);
    }

    /**
     * GetSecretValue on the one secret (no DescribeSecret: no code asks for it); with a customer-managed KMS
     * key, Decrypt on that key only, and only when Secrets Manager asks on the function's behalf.
     */
    void grantSecretRead(Role role) {
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

    IVpc vpc() {
        return vpc;
    }

    ISecurityGroup databaseSecurityGroup() {
        return database;
    }

    /**
     * Where the functions find the database: the secret, where the database is when the secret does not say
     * (an RDS-managed secret holds only the credentials), and TLS: the CA bundle, shipped in a layer at
     * {@value #CA_BUNDLE_DIRECTORY}, makes the recorder verify the server (verify-full) unless a mode is given.
     */
    private Map<String, String> databaseEnvironment(Construct scope) {
        Map<String, String> variables = new TreeMap<>();
        variables.put(RecorderEnvironment.DATABASE_SECRET_ARN, settings.databaseSecretArn());
        variables.put(RecorderEnvironment.DATABASE_PORT, Integer.toString(settings.databasePort()));
        putIfGiven(variables, RecorderEnvironment.DATABASE_HOST, settings.databaseHost());
        putIfGiven(variables, RecorderEnvironment.DATABASE_NAME, settings.databaseName());
        putIfGiven(variables, RecorderEnvironment.DATABASE_SSL_MODE, settings.databaseSslMode());
        if (!settings.databaseCaBundle().isEmpty()) {
            Path bundle = Path.of(settings.databaseCaBundle());
            if (!Files.isRegularFile(bundle)) {
                throw new IllegalArgumentException("databaseCaBundle: no such file " + bundle.toAbsolutePath()
                        + " (download AWS's bundle: https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)");
            }
            layers.add(LayerVersion.Builder.create(scope, "DatabaseCaBundle")
                    .description("The CA bundle that signs the database's certificate, at " + CA_BUNDLE_DIRECTORY)
                    .code(Code.fromAsset(layerDirectory(bundle)))
                    .compatibleRuntimes(List.of(Runtime.JAVA_21))
                    .build());
            variables.put(RecorderEnvironment.DATABASE_SSL_ROOT_CERT, CA_BUNDLE_DIRECTORY + "/" + bundle.getFileName());
        }
        // C1 only: these functions are short and latency-bound; the C2 compiler would not pay off.
        variables.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return variables;
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

    private static void putIfGiven(Map<String, String> variables, String name, String value) {
        if (!value.isEmpty()) {
            variables.put(name, value);
        }
    }
}

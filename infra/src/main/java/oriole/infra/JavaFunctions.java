package oriole.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * How every Java function of the stack is made (the recorder's and the demo's): Java 21 on arm64, JSON logs in
 * a log group of its own kept a month, a role of its own that holds only what its code calls.
 */
final class JavaFunctions {

    private JavaFunctions() {
    }

    static Function.Builder function(Construct scope, String id, String description, String handler, IRole role,
            Duration timeout, String jar) {
        return Function.Builder.create(scope, id)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(jar))
                .handler(handler)
                // Lambda gives CPU in proportion to memory: 1 GB starts the JVM and MyBatis quickly; the heap needs far less.
                .memorySize(1024)
                .timeout(timeout)
                .role(role)
                .loggingFormat(LoggingFormat.JSON);
    }

    /** A role for a function outside any VPC: its own logs only (granted by {@link #logGroup}); the rest where used. */
    static Role role(Construct scope, String id) {
        return Role.Builder.create(scope, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
    }

    /** A role for a function in a VPC: network interfaces too. */
    static Role vpcRole(Construct scope, String id) {
        Role role = role(scope, id);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("VpcNetworkInterfaces")
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                // AWS: these EC2 actions do not support resource-level permissions.
                .resources(List.of("*"))
                .build());
        return role;
    }

    static LogGroup logGroup(Construct scope, String id, IGrantable writer) {
        LogGroup logs = LogGroup.Builder.create(scope, id)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        logs.grantWrite(writer);
        return logs;
    }
}

package oriole.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** {@code cdk synth} / {@code cdk deploy} entry: one stack per stage, checked by cdk-nag's AwsSolutions pack. */
public final class InfraApp {

    public static final String STACK_NAME = "OrioleExecutionTracking";

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            stack(app);
        } catch (IllegalArgumentException e) {
            // A settings mistake is the deployer's to fix: one line, not the JVM's stack trace through jsii.
            System.err.println("oriole infra: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /** The stack as cdk.json and -c describe it; what main synthesizes and the tests check. */
    public static ExecutionTrackingStack stack(App app) {
        StackSettings settings = StackSettings.fromContext(app.getNode());
        ExecutionTrackingStack stack = new ExecutionTrackingStack(app, stackName(settings.stage()), StackProps.builder()
                .env(Environment.builder().account(settings.account()).region(settings.region()).build())
                .description("oriole execution tracking (" + settings.stage() + "): Step Functions status changes -> EventBridge"
                        + " -> SQS -> recorder Lambda -> PostgreSQL")
                .build(), settings);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /** Stages share an account: OrioleExecutionTracking-prod, OrioleExecutionTracking-staging… */
    public static String stackName(String stage) {
        return STACK_NAME + "-" + stage;
    }
}

package oriole.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** {@code cdk synth} / {@code cdk deploy} entry: one stack, checked by cdk-nag's AwsSolutions pack. */
public final class InfraApp {

    public static final String STACK_NAME = "OrioleExecutionTracking";

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        StackSettings settings = StackSettings.fromContext(app.getNode());
        new ExecutionTrackingStack(app, STACK_NAME, StackProps.builder()
                .env(Environment.builder().account(settings.account()).region(settings.region()).build())
                .description("oriole execution tracking: Step Functions status changes -> EventBridge -> SQS -> recorder Lambda -> PostgreSQL")
                .build(), settings);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }
}

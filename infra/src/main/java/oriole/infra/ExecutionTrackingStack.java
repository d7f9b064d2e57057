package oriole.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole pipeline: Step Functions status changes → EventBridge rule → encrypted SQS status queue →
 * recorder Lambda (SnapStart, partial batch responses, bounded concurrency) → PostgreSQL; the scheduled
 * reconciler; alarms and a dashboard.
 */
public final class ExecutionTrackingStack extends Stack {

    private final StackSettings settings;
    private final StatusQueues queues;
    private final StatusChangeRule rule;
    private final RecorderFunctions functions;
    private final Monitoring monitoring;

    public ExecutionTrackingStack(Construct scope, String id, StackProps props, StackSettings settings) {
        super(scope, id, props);
        this.settings = settings;
        queues = new StatusQueues(this, "Queues", RecorderFunctions.RECORDER_TIMEOUT, RecorderFunctions.BATCHING_WINDOW);
        rule = new StatusChangeRule(this, "StatusChanges", settings, queues);
        functions = new RecorderFunctions(this, "Functions", settings, queues);
        monitoring = new Monitoring(this, "Monitoring", settings, queues, rule, functions);
        suppressReviewedFindings(settings);
        acknowledgeReviewedWarnings();
        // What a person needs after the deploy: where the recorder logs, and the queue to watch.
        CfnOutput.Builder.create(this, "RecorderLogGroupName").value(functions.recorderLogs().getLogGroupName())
                .description("aws logs tail this to see the recorder's batch lines").build();
        CfnOutput.Builder.create(this, "StatusQueueUrl").value(queues.statusQueue().getQueueUrl()).build();
        CfnOutput.Builder.create(this, "StatusDeadLetterQueueUrl").value(queues.statusDeadLetterQueue().getQueueUrl()).build();
    }

    private void acknowledgeReviewedWarnings() {
        Annotations.of(functions).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                "The subnets are only used to place the functions' network interfaces; no route table is read.");
        Annotations.of(functions.recorder()).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The event source mapping invokes the 'live' alias of a published version.");
    }

    /** cdk-nag findings that are right for this stack, each with the reason. */
    private void suppressReviewedFindings(StackSettings settings) {
        NagSuppressions.addResourceSuppressions(List.of(queues.statusDeadLetterQueue(), queues.ruleDeadLetterQueue()),
                List.of(NagPackSuppression.builder().id("AwsSolutions-SQS3")
                        .reason("These queues are the dead-letter queues; a DLQ of a DLQ would only hide messages.").build()));
        NagSuppressions.addResourceSuppressions(List.of(functions.recorder(), functions.reconciler(), functions.pruner()),
                List.of(NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("Java 21 is the newest Java runtime with SnapStart that the recorder is tested on (bytecode 17).")
                        .build()), true);
        NagSuppressions.addResourceSuppressions(functions, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("EC2 network-interface actions need Resource * (no resource-level permissions). The reconciler reads"
                        + " executions of the watched state machines: arn:...:execution:NAME:* (one state machine, any execution).")
                .appliesTo(wildcardResources(settings))
                .build()), true);
    }

    private static List<String> wildcardResources(StackSettings settings) {
        List<String> resources = new java.util.ArrayList<>(List.of("Resource::*"));
        settings.executionResources().forEach(arn -> resources.add("Resource::" + arn));
        if (!settings.stateMachineNamePrefix().isEmpty()) {
            settings.stateMachineResources().forEach(arn -> resources.add("Resource::" + arn));
        }
        return resources;
    }

    public StackSettings settings() {
        return settings;
    }

    public StatusQueues queues() {
        return queues;
    }

    public StatusChangeRule rule() {
        return rule;
    }

    public RecorderFunctions functions() {
        return functions;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}

package oriole.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
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
    /** Null unless -c demo=true. */
    private final DemoWorkflow demo;

    public ExecutionTrackingStack(Construct scope, String id, StackProps props, StackSettings settings) {
        super(scope, id, props);
        this.settings = settings;
        queues = new StatusQueues(this, "Queues", RecorderFunctions.RECORDER_TIMEOUT, RecorderFunctions.BATCHING_WINDOW);
        rule = new StatusChangeRule(this, "StatusChanges", settings, queues);
        functions = new RecorderFunctions(this, "Functions", settings, queues);
        monitoring = new Monitoring(this, "Monitoring", settings, queues, rule, functions);
        demo = settings.demo() ? new DemoWorkflow(this, "Demo", settings, functions.databaseAccess()) : null;
        if (demo != null) {
            monitoring.watch(demo);
            suppressReviewedDemoFindings(demo);
            CfnOutput.Builder.create(this, "ExperimentQueueUrl").value(demo.experimentQueue().getQueueUrl())
                    .description("aws sqs send-message-batch experiments here (docs/demo.md)").build();
            CfnOutput.Builder.create(this, "DemoStateMachineArn").value(demo.stateMachine().getStateMachineArn()).build();
            CfnOutput.Builder.create(this, "RunAgentLogGroupName").value(demo.runAgentLogs().getLogGroupName())
                    .description("diagnose and show --log-group this: the agent's failures").build();
            CfnOutput.Builder.create(this, "PortForwardInstanceId").value(demo.portForwardHost().getInstanceId())
                    .description("aws ssm start-session --target this: a local port to the database (docs/demo.md)").build();
        }
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

    /** The demo's findings that are right for a demo, each with the reason. */
    private void suppressReviewedDemoFindings(DemoWorkflow demo) {
        NagSuppressions.addResourceSuppressions(demo.experimentDeadLetterQueue(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3").reason("This queue is the experiment queue's dead-letter queue.").build()));
        List<Object> functions = new java.util.ArrayList<>(demo.workflowFunctions());
        functions.add(demo.starter());
        NagSuppressions.addResourceSuppressions(functions, List.of(NagPackSuppression.builder().id("AwsSolutions-L1")
                .reason("Java 21, the runtime the recorder's functions use and are tested on.").build()), true);
        NagSuppressions.addResourceSuppressions(demo, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("EC2 network-interface actions and X-Ray's PutTraceSegments/PutTelemetryRecords need Resource *;"
                        + " CloudWatch Logs' log-delivery actions for the state machine's logs too (AWS documents them"
                        + " without resource-level permissions). Invoking a function grants its versions (FUNCTION:*).")
                .appliesTo(List.of("Resource::*", RegexAppliesTo.builder().regex("/^Resource::<Demo[A-Za-z]+Function[0-9A-F]{8}\\.Arn>:\\*$/").build()))
                .build()), true);
        NagSuppressions.addResourceSuppressions(demo.portForwardHost(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-EC28").reason("A demo's port-forward host: detailed"
                        + " monitoring would cost more than the host; nothing runs on it but the SSM agent.").build(),
                NagPackSuppression.builder().id("AwsSolutions-EC29").reason("A demo's port-forward host, removed with the"
                        + " demo on purpose; it holds no data.").build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM4").reason("AmazonSSMManagedInstanceCore is the policy"
                        + " AWS maintains for the SSM agent, the only thing this host runs.")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore")).build()), true);
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

    /** The demo workflow, when deployed with -c demo=true. */
    public java.util.Optional<DemoWorkflow> demo() {
        return java.util.Optional.ofNullable(demo);
    }
}

package oriole.infra;

import java.util.List;
import java.util.Map;
import oriole.recorder.contract.DemoWorkflowContract;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The reference oriole workflow ({@code -c demo=true}), in the pattern the recorder's numbers rely on: an
 * encrypted experiment queue; a starter that makes one Standard execution per message, named by and carrying
 * the message's id; a state machine StartExperiment (creates the row) → RunAgent → FinalizeExperiment, whose
 * agent's failures are caught ({@code ResultPath $.errorInfo}) by FinalizeOnError and end in a Fail state with
 * the original error and cause; and a small host for an SSM port forward to the database, so that diagnose,
 * show and serve can be run from a laptop. Its state machine has a name known before the deploy, so the stack's
 * settings watch it without more configuration.
 */
public final class DemoWorkflow extends Construct {

    /** RunAgent's timeout: long enough for a Java cold start, short enough that a timeout shows in a minute. */
    public static final Duration AGENT_TIMEOUT = Duration.seconds(20);
    /** An experiment the starter could not start after this many receives waits in the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 3;
    static final Duration STEP_TIMEOUT = Duration.seconds(30);
    /** A whole experiment, agent included; past it the execution ends TIMED_OUT (States.Timeout). */
    static final Duration EXECUTION_TIMEOUT = Duration.minutes(15);

    private final Queue experimentQueue;
    private final Queue experimentDeadLetterQueue;
    private final Function starter;
    private final Function runAgent;
    private final LogGroup runAgentLogs;
    private final List<Function> workflowFunctions;
    private final StateMachine stateMachine;
    private final Instance portForwardHost;

    public DemoWorkflow(Construct scope, String id, StackSettings settings, DatabaseAccess database) {
        super(scope, id);
        SecurityGroup steps = database.clients(this, "StepsSecurityGroup", "oriole demo workflow");

        Function startExperiment = databaseStep("StartExperimentFunction", "Creates the experiment row with oriole's INSERT",
                DemoWorkflowContract.START_EXPERIMENT_HANDLER, settings, database, steps);
        Function finalizeExperiment = databaseStep("FinalizeExperimentFunction", "Ends the experiment row: SUCCEEDED and the goal",
                DemoWorkflowContract.FINALIZE_EXPERIMENT_HANDLER, settings, database, steps);
        Function finalizeOnError = databaseStep("FinalizeOnErrorFunction", "Ends the experiment row after a caught failure",
                DemoWorkflowContract.FINALIZE_ON_ERROR_HANDLER, settings, database, steps);
        Role agentRole = JavaFunctions.role(this, "RunAgentRole");
        runAgentLogs = demoLogs("RunAgentLogs", agentRole);
        runAgent = JavaFunctions.function(this, "RunAgentFunction", "The demo's agent: succeeds, throws, times out or runs"
                + " out of memory as the experiment asks", DemoWorkflowContract.RUN_AGENT_HANDLER, agentRole, AGENT_TIMEOUT,
                        settings.demoJar())
                // Small on purpose: out-of-memory comes quickly.
                .memorySize(256)
                .logGroup(runAgentLogs)
                .build();
        workflowFunctions = List.of(startExperiment, runAgent, finalizeExperiment, finalizeOnError);

        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(settings.demoStateMachineName())
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(definition(startExperiment, runAgent, finalizeExperiment, finalizeOnError)))
                .timeout(EXECUTION_TIMEOUT)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(LogGroup.Builder.create(this, "StateMachineLogs")
                                .logGroupName("/aws/vendedlogs/states/" + settings.demoStateMachineName())
                                .retention(RetentionDays.ONE_MONTH)
                                .removalPolicy(RemovalPolicy.DESTROY)
                                .build())
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .build();

        experimentDeadLetterQueue = StatusQueues.secureQueue(this, "ExperimentDeadLetterQueue", Duration.days(14)).build();
        experimentQueue = StatusQueues.secureQueue(this, "ExperimentQueue", Duration.days(4))
                // AWS: six times the function's timeout, so a batch retried inside Lambda is not delivered a second time.
                .visibilityTimeout(Duration.seconds(6 * STEP_TIMEOUT.toSeconds().intValue()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(experimentDeadLetterQueue).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
        Role starterRole = JavaFunctions.role(this, "StarterRole");
        starter = JavaFunctions.function(this, "Starter", "Starts one Standard execution of the demo workflow per experiment message",
                        DemoWorkflowContract.STARTER_HANDLER, starterRole, STEP_TIMEOUT, settings.demoJar())
                .environment(Map.of(DemoWorkflowContract.STATE_MACHINE_ARN, stateMachine.getStateMachineArn()))
                .logGroup(demoLogs("StarterLogs", starterRole))
                .build();
        starter.addEventSource(SqsEventSource.Builder.create(experimentQueue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());
        stateMachine.grantStartExecution(starterRole);

        portForwardHost = portForwardHost(database);
    }

    private LambdaInvoke.Builder task(String id, Function function, Map<String, Object> payload) {
        return LambdaInvoke.Builder.create(this, id).lambdaFunction(function).payload(TaskInput.fromObject(payload));
    }

    /**
     * StartExperiment → RunAgent → FinalizeExperiment; RunAgent's failures, whatever they are, go with
     * {@code $.errorInfo} to FinalizeOnError and then to a Fail state that ends the execution with the
     * original error and cause, so the execution's status is the agent's, not the handler's.
     */
    private IChainable definition(Function startExperiment, Function runAgent,
            Function finalizeExperiment, Function finalizeOnError) {
        // As oriole's stack does: the execution's own ARN and name, and the message id, injected from the context.
        LambdaInvoke start = task("StartExperiment", startExperiment, Map.of(
                "modelName", JsonPath.stringAt("$.modelName"),
                "temperature", JsonPath.numberAt("$.temperature"),
                "executionContext", Map.of(
                        "executionArn", JsonPath.stringAt("$$.Execution.Id"),
                        "executionName", JsonPath.stringAt("$$.Execution.Name"),
                        "sqsMessageId", JsonPath.stringAt("$.messageId"))))
                .resultSelector(Map.of("experimentId", JsonPath.numberAt("$.Payload.experimentId")))
                .resultPath("$.experiment")
                .build();
        LambdaInvoke agent = task("RunAgent", runAgent, Map.of(
                "behavior", JsonPath.stringAt("$.behavior"),
                "experimentId", JsonPath.numberAt("$.experiment.experimentId")))
                .resultSelector(Map.of("goalFound", JsonPath.stringAt("$.Payload.goalFound")))
                .resultPath("$.agent")
                .build();
        LambdaInvoke finalizeSucceeded = task("FinalizeExperiment", finalizeExperiment, Map.of(
                "experimentId", JsonPath.numberAt("$.experiment.experimentId"),
                "goalFound", JsonPath.stringAt("$.agent.goalFound")))
                // The execution's output is {experimentId, goalFound}: the recorder reads the goal there.
                .outputPath("$.Payload")
                .build();
        LambdaInvoke finalizeFailed = task("FinalizeOnError", finalizeOnError, Map.of(
                "experimentId", JsonPath.numberAt("$.experiment.experimentId"),
                "success", false,
                "failureReason", JsonPath.stringAt("$.errorInfo.Cause"),
                "errorInfo", JsonPath.objectAt("$.errorInfo")))
                .resultPath(JsonPath.DISCARD)
                .build();
        Fail failed = Fail.Builder.create(this, "ExperimentFailed")
                .comment("The agent's own error and cause, so the execution fails the way the agent did")
                .errorPath("$.errorInfo.Error")
                .causePath("$.errorInfo.Cause")
                .build();
        agent.addCatch(finalizeFailed.next(failed), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath("$.errorInfo").build());
        return start.next(agent).next(finalizeSucceeded);
    }

    /** A state that writes the row: in the database's subnets, with the recorder's secret and variables. */
    private Function databaseStep(String id, String description, String handler, StackSettings settings, DatabaseAccess database,
            SecurityGroup steps) {
        Role role = JavaFunctions.vpcRole(this, id + "Role");
        database.grantSecretRead(role);
        return database.place(JavaFunctions.function(this, id, description, handler, role, STEP_TIMEOUT, settings.demoJar()),
                steps, Map.of())
                .logGroup(demoLogs(id + "Logs", role))
                .build();
    }

    /** The demo's logs go with it when the stack is destroyed or redeployed without the demo. */
    private LogGroup demoLogs(String id, Role writer) {
        LogGroup logs = JavaFunctions.logGroup(this, id, writer);
        logs.applyRemovalPolicy(RemovalPolicy.DESTROY);
        return logs;
    }

    /**
     * The smallest arm64 instance, no inbound rule, no key pair: reached only through Session Manager, from where
     * it forwards a local port to PostgreSQL (AWS-StartPortForwardingSessionToRemoteHost).
     */
    private Instance portForwardHost(DatabaseAccess database) {
        return Instance.Builder.create(this, "PortForwardHost")
                .vpc(database.vpc())
                .vpcSubnets(SubnetSelection.builder().subnets(List.of(database.vpc().getPrivateSubnets().get(0))).build())
                .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.NANO))
                .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(AmazonLinuxCpuType.ARM_64).build()))
                .securityGroup(database.clients(this, "PortForwardSecurityGroup", "oriole demo port forward"))
                .ssmSessionPermissions(true)
                .requireImdsv2(true)
                .blockDevices(List.of(BlockDevice.builder().deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(8, EbsDeviceOptions.builder().encrypted(true)
                                .volumeType(EbsDeviceVolumeType.GP3).build()))
                        .build()))
                .build();
    }

    public Queue experimentQueue() {
        return experimentQueue;
    }

    public Queue experimentDeadLetterQueue() {
        return experimentDeadLetterQueue;
    }

    public Function starter() {
        return starter;
    }

    public Function runAgent() {
        return runAgent;
    }

    /** Where the agent's failures are logged: what diagnose and show name in their aws logs commands. */
    public LogGroup runAgentLogs() {
        return runAgentLogs;
    }

    /** StartExperiment, RunAgent, FinalizeExperiment, FinalizeOnError. */
    public List<Function> workflowFunctions() {
        return workflowFunctions;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Instance portForwardHost() {
        return portForwardHost;
    }
}

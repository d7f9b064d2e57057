package oriole.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static oriole.infra.ExecutionTrackingStackTest.JSON;
import static oriole.infra.ExecutionTrackingStackTest.grants;
import static oriole.infra.ExecutionTrackingStackTest.onlyIn;
import static oriole.infra.ExecutionTrackingStackTest.resourcesOf;
import static oriole.infra.ExecutionTrackingStackTest.rulePattern;
import static oriole.infra.ExecutionTrackingStackTest.statusChange;
import static oriole.infra.ExecutionTrackingStackTest.synthesize;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import oriole.recorder.contract.DemoWorkflowContract;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.event.ruler.Ruler;

/** The stack with -c demo=true (and, for contrast, without): the reference oriole workflow beside the recorder. */
class DemoWorkflowTest {

    static final String DEMO_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-demo-experiment-prod";

    static ExecutionTrackingStack demo;
    static Template template;
    static JsonNode resources;
    static ExecutionTrackingStack plain;

    @BeforeAll
    static void synthesizeWithTheDemo() throws Exception {
        long started = System.nanoTime();
        demo = synthesize(Map.of("demo", "true"));
        template = Template.fromStack(demo);
        resources = JSON.valueToTree(template.toJSON()).get("Resources");
        System.out.printf("synthesized with -c demo=true in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        plain = synthesize(Map.of());
    }

    @Test
    void withoutTheFlagNothingOfTheDemoIsDeployed() {
        JsonNode plainResources = resourcesOf(plain);
        List<String> demoResources = new ArrayList<>();
        plainResources.fieldNames().forEachRemaining(id -> {
            if (id.startsWith("Demo")) {
                demoResources.add(id);
            }
        });
        assertThat(demoResources).isEmpty();
        assertThat(types(plainResources)).doesNotContain("AWS::StepFunctions::StateMachine", "AWS::EC2::Instance");
        assertThat(plain.demo()).isEmpty();
        assertThat(plain.settings().watchedStateMachineArns()).containsExactly(ExecutionTrackingStackTest.WATCHED);
        assertThatThrownBy(() -> synthesize(Map.of("demo", "yes"))).hasMessage("context value 'demo' must be true or false: yes");
    }

    /**
     * StartExperiment (the row, with the execution's ARN, name and message id from the context) → RunAgent →
     * FinalizeExperiment, whose output carries goalFound; RunAgent's failures caught with ResultPath $.errorInfo
     * → FinalizeOnError (its result discarded, so $.errorInfo survives) → a Fail state with the original
     * error and cause. AWS's validator accepts it in every partition.
     */
    @Test
    void theStateMachineIsOriolesShapeAndAwsValidatorAcceptsIt() throws Exception {
        JsonNode machine = onlyIn(resources, "AWS::StepFunctions::StateMachine", "DemoStateMachine").get("Properties");
        assertThat(machine.get("StateMachineName").asText()).isEqualTo("oriole-demo-experiment-prod");
        assertThat(machine.get("StateMachineType").asText()).isEqualTo("STANDARD");
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            String definition = definition(machine.get("DefinitionString"), partition);
            AslValidator.assertValid(definition, "demo-" + partition);
        }
        String broken = definition(machine.get("DefinitionString"), "aws").replace("\"Next\":\"FinalizeExperiment\"", "\"Next\":\"Nowhere\"");
        assertThatThrownBy(() -> AslValidator.assertValid(broken, "demo-broken")).as("the validator does refuse a broken definition")
                .isInstanceOf(AssertionError.class).hasMessageContaining("Nowhere");
        JsonNode asl = JSON.readTree(definition(machine.get("DefinitionString"), "aws"));
        JsonNode states = asl.get("States");

        assertThat(asl.get("StartAt").asText()).isEqualTo("StartExperiment");
        assertThat(states.at("/StartExperiment/Next").asText()).isEqualTo("RunAgent");
        assertThat(states.at("/StartExperiment/Parameters/Payload/executionContext")).isEqualTo(JSON.readTree(
                "{\"executionArn.$\":\"$$.Execution.Id\",\"executionName.$\":\"$$.Execution.Name\",\"sqsMessageId.$\":\"$.messageId\"}"));
        assertThat(states.at("/StartExperiment/Catch").isMissingNode()).as("no row yet: nothing to finalize").isTrue();
        assertThat(states.at("/RunAgent/Next").asText()).isEqualTo("FinalizeExperiment");
        assertThat(states.at("/RunAgent/Catch")).isEqualTo(JSON.readTree(
                "[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.errorInfo\",\"Next\":\"FinalizeOnError\"}]"));
        assertThat(states.at("/FinalizeExperiment/End").asBoolean()).isTrue();
        assertThat(states.at("/FinalizeExperiment/OutputPath").asText()).isEqualTo("$.Payload");
        assertThat(states.at("/FinalizeOnError/ResultPath").isNull()).as("ResultPath null keeps $.errorInfo").isTrue();
        assertThat(states.at("/FinalizeOnError/Parameters/Payload/errorInfo.$").asText()).isEqualTo("$.errorInfo");
        assertThat(states.at("/FinalizeOnError/Next").asText()).isEqualTo("ExperimentFailed");
        assertThat(states.at("/ExperimentFailed/Type").asText()).isEqualTo("Fail");
        assertThat(states.at("/ExperimentFailed/ErrorPath").asText()).isEqualTo("$.errorInfo.Error");
        assertThat(states.at("/ExperimentFailed/CausePath").asText()).isEqualTo("$.errorInfo.Cause");
    }

    /** The demo's state machine is watched with no ARN given: rule, EventsNotArriving, the reconciler's reads. */
    @Test
    void theRecorderWatchesTheDemoWithoutMoreConfiguration() throws Exception {
        ExecutionTrackingStack demoOnly = synthesize(Map.of("demo", "true", "watchedStateMachineArns", ""));
        JsonNode demoOnlyResources = resourcesOf(demoOnly);
        String executions = DEMO_MACHINE.replace(":stateMachine:", ":execution:");

        for (JsonNode stack : List.of(resources, demoOnlyResources)) {
            String pattern = rulePattern(stack);
            assertThat(Ruler.matchesRule(statusChange(DEMO_MACHINE, executions + ":3f2c1b0a-0001"), pattern)).isTrue();
            assertThat(Ruler.matchesRule(statusChange(DEMO_MACHINE + "/Items", executions + "/Items:1"), pattern)).isTrue();
            assertThat(Ruler.matchesRule(statusChange(DEMO_MACHINE + "-2", executions + "-2:1"), pattern)).isFalse();
            assertThat(grants(stack)).contains("ReconcilerRole states:DescribeExecution " + executions + ":*");
            assertThat(alarm(stack, "oriole-EventsNotArriving-prod").get("Metrics").toString()).contains(DEMO_MACHINE);
        }
        assertThat(demoOnly.settings().watchedStateMachineArns()).containsExactly(DEMO_MACHINE);
        assertThat(demo.settings().watchedStateMachineArns()).containsExactly(ExecutionTrackingStackTest.WATCHED, DEMO_MACHINE);
        assertThat(Annotations.fromStack(demoOnly).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThatThrownBy(() -> synthesize(Map.of("watchedStateMachineArns", "")))
                .hasMessageContaining("set watchedStateMachineArns or stateMachineNamePrefix");
    }

    @Test
    void anEncryptedExperimentQueueFeedsTheStarterWhichMayOnlyStartTheDemo() {
        JsonNode queue = onlyIn(resources, "AWS::SQS::Queue", "DemoExperimentQueue").get("Properties");
        assertThat(queue.get("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(queue.at("/RedrivePolicy/maxReceiveCount").asInt()).isEqualTo(DemoWorkflow.MAX_RECEIVE_COUNT);
        JsonNode starter = onlyIn(resources, "AWS::Lambda::Function", "DemoStarter").get("Properties");
        assertThat(starter.get("Handler").asText()).isEqualTo(DemoWorkflowContract.STARTER_HANDLER);
        assertThat(queue.get("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * starter.get("Timeout").asInt());
        assertThat(starter.at("/Environment/Variables/DEMO_STATE_MACHINE_ARN/Ref").asText())
                .isEqualTo(ExecutionTrackingStackTest.logicalIdIn(resources, "AWS::StepFunctions::StateMachine", "DemoStateMachine"));
        assertThat(starter.has("VpcConfig")).as("Step Functions' API only: no VPC").isFalse();
        JsonNode mapping = onlyIn(resources, "AWS::Lambda::EventSourceMapping", "DemoStarter").get("Properties");
        assertThat(mapping.get("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
        assertThat(mapping.at("/EventSourceArn/Fn::GetAtt/0").asText()).startsWith("DemoExperimentQueue");
        assertThat(grants(resources)).filteredOn(grant -> grant.startsWith("DemoStarterRole"))
                .anyMatch(grant -> grant.startsWith("DemoStarterRole states:StartExecution {\"Ref\":\"DemoStateMachine"))
                .allMatch(grant -> grant.contains("states:StartExecution") || grant.contains("logs:") || grant.contains("sqs:"));
    }

    /** The states that write the row log in as the recorder does: its secret, variables and network; RunAgent needs none. */
    @Test
    void theWorkflowStatesReachTheDatabaseAsTheRecorderDoes() {
        JsonNode recorder = onlyIn(resources, "AWS::Lambda::Function", "FunctionsRecorder").get("Properties");
        for (String step : List.of("StartExperiment", "FinalizeExperiment", "FinalizeOnError")) {
            JsonNode function = onlyIn(resources, "AWS::Lambda::Function", "Demo" + step + "Function").get("Properties");
            assertThat(function.get("Code").toString()).as("demo-lambda.jar, not the recorder's").isNotEqualTo(recorder.get("Code").toString());
            for (String variable : List.of("RECORDER_DB_SECRET_ARN", "RECORDER_DB_PORT", "JAVA_TOOL_OPTIONS")) {
                assertThat(function.at("/Environment/Variables/" + variable)).as(step + " " + variable)
                        .isEqualTo(recorder.at("/Environment/Variables/" + variable));
            }
            assertThat(function.at("/VpcConfig/SubnetIds")).isEqualTo(recorder.at("/VpcConfig/SubnetIds"));
            assertThat(grants(resources)).contains("Demo" + step + "FunctionRole secretsmanager:GetSecretValue "
                    + demo.settings().databaseSecretArn());
        }
        JsonNode agent = onlyIn(resources, "AWS::Lambda::Function", "DemoRunAgentFunction").get("Properties");
        assertThat(agent.get("Timeout").asInt()).isEqualTo(20);
        assertThat(agent.get("MemorySize").asInt()).isEqualTo(256);
        assertThat(agent.has("VpcConfig")).isFalse();
        assertThat(grants(resources)).noneMatch(grant -> grant.startsWith("DemoRunAgentRole secretsmanager"));
    }

    /** Both the handlers the stack names and oriole's statements are in the jar it deploys. */
    @Test
    void theDeployedJarHoldsEveryHandlerTheStackNames() throws Exception {
        List<String> handlers = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::Lambda::Function") && resource.at("/Properties/Handler").asText().startsWith("oriole.recorder.demo.")) {
                handlers.add(resource.at("/Properties/Handler").asText());
            }
        });
        assertThat(handlers).containsExactlyInAnyOrder(DemoWorkflowContract.STARTER_HANDLER, DemoWorkflowContract.START_EXPERIMENT_HANDLER,
                DemoWorkflowContract.RUN_AGENT_HANDLER, DemoWorkflowContract.FINALIZE_EXPERIMENT_HANDLER,
                DemoWorkflowContract.FINALIZE_ON_ERROR_HANDLER);
        try (JarFile jar = new JarFile(Path.of(demo.settings().demoJar()).toFile())) {
            for (String handler : handlers) {
                assertThat(jar.getEntry(handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class")).as(handler).isNotNull();
            }
            for (String statement : List.of("start-experiment.sql", "finalize-experiment.sql", "finalize-on-error.sql")) {
                assertThat(jar.getEntry("db/oriole-workflow/" + statement)).as(statement).isNotNull();
            }
        }
    }

    @Test
    void aStarterThatCannotStartRaisesAnAlarmAndTheDashboardShowsTheDemo() {
        JsonNode alarm = alarm(resources, "oriole-DemoExperimentsNotStarted-prod");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(alarm.at("/Dimensions/0/Value/Fn::GetAtt/0").asText()).startsWith("DemoExperimentDeadLetterQueue");
        assertThat(alarm.get("AlarmDescription").asText()).contains("start-message-move-task").endsWith(Monitoring.RUNBOOK);
        assertThat(alarm.at("/AlarmActions/0").asText()).isEqualTo(demo.settings().alarmTopicArn());
        assertThat(onlyIn(resources, "AWS::CloudWatch::Dashboard", "Dashboard").at("/Properties/DashboardBody").toString())
                .contains("Demo workflow: executions").contains("ExecutionsStarted").contains("Demo experiment queues");
    }

    /** An SSM-only host (no inbound rule, IMDSv2, encrypted disk) that the database lets in: the port forward's end. */
    @Test
    void thePortForwardHostTakesNoInboundTrafficAndReachesTheDatabase() {
        JsonNode host = onlyIn(resources, "AWS::EC2::Instance", "DemoPortForwardHost").get("Properties");
        assertThat(host.get("InstanceType").asText()).isEqualTo("t4g.nano");
        assertThat(host.at("/BlockDeviceMappings/0/Ebs/Encrypted").asBoolean()).isTrue();
        assertThat(host.has("KeyName")).isFalse();
        JsonNode group = onlyIn(resources, "AWS::EC2::SecurityGroup", "DemoPortForwardSecurityGroup").get("Properties");
        assertThat(group.has("SecurityGroupIngress")).isFalse();
        List<String> ingress = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::EC2::SecurityGroupIngress")) {
                ingress.add(resource.at("/Properties/SourceSecurityGroupId/Fn::GetAtt/0").asText() + " " + resource.at("/Properties/FromPort").asText());
            }
        });
        assertThat(ingress).as("the database lets in the recorder, the workflow's states and the host, on its port")
                .hasSize(3).allMatch(rule -> rule.endsWith(" 5432"))
                .anyMatch(rule -> rule.startsWith("DemoPortForwardSecurityGroup")).anyMatch(rule -> rule.startsWith("DemoStepsSecurityGroup"));
        assertThat(Annotations.fromStack(demo).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(Annotations.fromStack(demo).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        template.hasOutput("ExperimentQueueUrl", Match.anyValue());
        template.hasOutput("PortForwardInstanceId", Match.anyValue());
        template.hasOutput("DemoStateMachineArn", Match.anyValue());
        template.hasOutput("RunAgentLogGroupName", Map.of("Value", Map.of("Ref",
                ExecutionTrackingStackTest.logicalIdIn(resources, "AWS::Logs::LogGroup", "DemoRunAgentLogs"))));
    }

    /** Every stack output docs/demo.md reads is one the demo stack has, and its state machine is the one it names. */
    @Test
    void theDemoDocumentReadsOutputsTheStackHas() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("../docs/demo.md"));
        java.util.regex.Matcher outputs = java.util.regex.Pattern.compile("\\$\\(output (\\w+)\\)").matcher(doc);
        List<String> read = new ArrayList<>();
        while (outputs.find()) {
            read.add(outputs.group(1));
        }
        assertThat(read).containsExactlyInAnyOrder("ExperimentQueueUrl", "DemoStateMachineArn", "PortForwardInstanceId", "RunAgentLogGroupName");
        JsonNode declared = JSON.valueToTree(template.toJSON()).get("Outputs");
        assertThat(read).allSatisfy(name -> assertThat(declared.has(name)).as(name).isTrue());
        assertThat(doc).contains("STACK=" + demo.getStackName()).contains(":execution:" + demo.settings().demoStateMachineName() + ":");
    }

    /** The synthesized definition with the deploy-time values filled in as CloudFormation would in {@code partition}. */
    static String definition(JsonNode definitionString, String partition) {
        StringBuilder definition = new StringBuilder();
        for (JsonNode part : definitionString.at("/Fn::Join/1")) {
            if (part.isTextual()) {
                definition.append(part.asText());
            } else if (part.at("/Ref").asText().equals("AWS::Partition")) {
                definition.append(partition);
            } else {
                assertThat(part.at("/Fn::GetAtt/1").asText()).as(part.toString()).isEqualTo("Arn");
                definition.append("arn:").append(partition).append(":lambda:us-east-1:123456789012:function:")
                        .append(part.at("/Fn::GetAtt/0").asText());
            }
        }
        return definition.toString();
    }

    static JsonNode alarm(JsonNode resources, String name) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::CloudWatch::Alarm") && resource.at("/Properties/AlarmName").asText().equals(name)) {
                found.add(resource.get("Properties"));
            }
        });
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    static List<String> types(JsonNode resources) {
        List<String> types = new ArrayList<>();
        resources.forEach(resource -> types.add(resource.get("Type").asText()));
        return types;
    }
}

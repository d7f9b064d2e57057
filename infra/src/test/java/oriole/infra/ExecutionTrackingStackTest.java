package oriole.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.event.ruler.Ruler;

class ExecutionTrackingStackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String WATCHED = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-maze-experiment";
    static final StackSettings SETTINGS = new StackSettings("123456789012", "us-east-1", List.of(WATCHED), "",
            "vpc-0a1b2c3d4e5f60718", List.of("us-east-1a", "us-east-1b"), List.of("subnet-0aaa", "subnet-0bbb"),
            "sg-0a1b2c3d4e5f60718", "arn:aws:secretsmanager:us-east-1:123456789012:secret:oriole/recorder-AbCdEf",
            "require", "arn:aws:sns:us-east-1:123456789012:oriole-alarms", "../recorder/target/recorder-lambda.jar");

    static ExecutionTrackingStack stack;
    static Template template;
    static JsonNode resources;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = new ExecutionTrackingStack(app, "Test", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build(), SETTINGS);
        Aspects.of(app).add(new AwsSolutionsChecks());
        template = Template.fromStack(stack);
        resources = JSON.valueToTree(template.toJSON()).get("Resources");
    }

    @Test
    void theRuleMatchesStatusChangesOfTheWatchedStateMachines() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.states"),
                "detail-type", List.of("Step Functions Execution Status Change"),
                "detail", Map.of("stateMachineArn", List.of(WATCHED)))));
    }

    @Test
    void theRuleTargetRetriesForADayAndKeepsWhatItCannotDeliver() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 86400, "MaximumRetryAttempts", 185),
                "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue", "RuleTargetDeadLetterQueue"), "Arn"))))))));
    }

    @Test
    void onlyThisRuleMaySendToTheStatusQueueAndOnlyOverTls() {
        JsonNode policy = only("AWS::SQS::QueuePolicy", "StatusQueue");
        List<JsonNode> statements = new ArrayList<>();
        policy.at("/Properties/PolicyDocument/Statement").forEach(statements::add);
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(statement.at("/Condition/ArnEquals/aws:SourceArn/Fn::GetAtt/0").asText())
                    .isEqualTo(logicalId("AWS::Events::Rule", "StatusChangesRule"));
        });
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.get("Effect").asText()).isEqualTo("Deny");
            assertThat(statement.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        });
    }

    @Test
    void everyQueueIsEncryptedAndTheDeadLetterQueuesKeepFourteenDays() {
        template.resourceCountIs("AWS::SQS::Queue", 3);
        template.allResourcesProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        assertThat(only("AWS::SQS::Queue", "StatusDeadLetterQueue").at("/Properties/MessageRetentionPeriod").asInt()).isEqualTo(1209600);
        assertThat(only("AWS::SQS::Queue", "RuleTargetDeadLetterQueue").at("/Properties/MessageRetentionPeriod").asInt()).isEqualTo(1209600);
        assertThat(only("AWS::SQS::Queue", "QueuesStatusQueue").at("/Properties/RedrivePolicy/maxReceiveCount").asInt()).isEqualTo(5);
    }

    @Test
    void theVisibilityTimeoutIsAtLeastSixTimesTheRecorderTimeout() {
        int visibility = only("AWS::SQS::Queue", "QueuesStatusQueue").at("/Properties/VisibilityTimeout").asInt();
        int timeout = only("AWS::Lambda::Function", "FunctionsRecorder").at("/Properties/Timeout").asInt();
        assertThat(visibility).isGreaterThanOrEqualTo(6 * timeout);
    }

    @Test
    void theRecorderRunsJavaWithSnapStartJsonLogsAndItsSecret() {
        JsonNode recorder = only("AWS::Lambda::Function", "FunctionsRecorder").get("Properties");
        assertThat(recorder.get("Runtime").asText()).isEqualTo("java21");
        assertThat(recorder.get("Handler").asText()).isEqualTo("oriole.recorder.lambda.RecorderHandler::handleRequest");
        assertThat(recorder.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(recorder.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
        assertThat(recorder.at("/Environment/Variables/RECORDER_DB_SECRET_ARN").asText()).isEqualTo(SETTINGS.databaseSecretArn());
        assertThat(recorder.at("/Environment/Variables/RECORDER_DB_SSLMODE").asText()).isEqualTo("require");
        assertThat(recorder.at("/VpcConfig/SubnetIds")).hasSize(2);
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void theEventSourceMappingReportsItemFailuresAndBoundsConcurrency() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", 10,
                "MaximumBatchingWindowInSeconds", 1,
                "ScalingConfig", Map.of("MaximumConcurrency", 5)));
        assertThat(only("AWS::Lambda::EventSourceMapping", "RecorderLive").at("/Properties/FunctionName").toString())
                .as("the mapping invokes the SnapStart alias, not $LATEST")
                .contains(logicalId("AWS::Lambda::Alias", "RecorderLive")).contains(":live");
    }

    @Test
    void iamGrantsNoWildcardActionsAndStarResourcesOnlyForNetworkInterfaces() {
        List<String> problems = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            if (!entry.getValue().get("Type").asText().equals("AWS::IAM::Policy")) {
                return;
            }
            for (JsonNode statement : entry.getValue().at("/Properties/PolicyDocument/Statement")) {
                List<String> actions = texts(statement.get("Action"));
                actions.stream().filter(a -> a.contains("*")).forEach(a -> problems.add(entry.getKey() + " action " + a));
                if (texts(statement.get("Resource")).contains("*") && !actions.stream().allMatch(a -> a.startsWith("ec2:")
                        && a.contains("NetworkInterface") || a.endsWith("PrivateIpAddresses"))) {
                    problems.add(entry.getKey() + " grants " + actions + " on *");
                }
            }
        });
        assertThat(problems).isEmpty();
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", "states:DescribeExecution",
                        "Resource", "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:*")),
                Match.objectLike(Map.of("Action", "states:ListExecutions", "Resource", WATCHED)))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                        "Resource", SETTINGS.databaseSecretArn())))))));
    }

    @Test
    void alarmsWatchBothDeadLetterQueuesTheBacklogErrorsAndStuckRunsAndNotifyTheTopic() {
        List<String> alarms = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            if (entry.getValue().get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarms.add(entry.getKey());
                assertThat(entry.getValue().at("/Properties/AlarmActions/0").asText()).isEqualTo(SETTINGS.alarmTopicArn());
            }
        });
        assertThat(alarms).anyMatch(a -> a.contains("StatusDeadLetterQueueNotEmpty"))
                .anyMatch(a -> a.contains("RuleTargetDeadLetterQueueNotEmpty"))
                .anyMatch(a -> a.contains("StatusQueueOldestMessageAge"))
                .anyMatch(a -> a.contains("RecorderErrors"))
                .anyMatch(a -> a.contains("StuckRuns"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 600));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "StuckCount", "Namespace", "oriole/ExecutionTracking"));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::Logs::MetricFilter", 6);
    }

    @Test
    void theOutputsNameTheRecordersLogGroupAndTheQueues() {
        template.hasOutput("RecorderLogGroupName", Map.of("Value",
                Map.of("Ref", logicalId("AWS::Logs::LogGroup", "RecorderLogs"))));
        template.hasOutput("StatusQueueUrl", Map.of("Value", Map.of("Ref", logicalId("AWS::SQS::Queue", "QueuesStatusQueue"))));
        template.hasOutput("StatusDeadLetterQueueUrl", Map.of("Value",
                Map.of("Ref", logicalId("AWS::SQS::Queue", "StatusDeadLetterQueue"))));
    }

    @Test
    void theReconcilerRunsEveryFifteenMinutesOneAtATime() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(15 minutes)"));
        JsonNode reconciler = only("AWS::Lambda::Function", "FunctionsReconciler").get("Properties");
        assertThat(reconciler.get("Handler").asText()).isEqualTo("oriole.recorder.lambda.ReconcileHandler::handleRequest");
        assertThat(reconciler.get("ReservedConcurrentExecutions").asInt()).isEqualTo(1);
    }

    @Test
    void cdkNagReportsNoUnsuppressedErrors() {
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @Test
    void awsOwnMatcherAcceptsEverySavedStatusChangeAndNothingElse() throws Exception {
        String pattern = JSON.writeValueAsString(only("AWS::Events::Rule", "StatusChangesRule").at("/Properties/EventPattern"));
        List<String> saved = savedEvents(Path.of("../events/scenarios"));
        assertThat(saved).hasSizeGreaterThan(30);
        for (String event : saved) {
            assertThat(Ruler.matchesRule(event, pattern)).as(event).isTrue();
        }
        String oneEvent = saved.get(0);
        ObjectNode otherMachine = (ObjectNode) JSON.readTree(oneEvent);
        ((ObjectNode) otherMachine.get("detail")).put("stateMachineArn", WATCHED.replace("oriole-maze-experiment", "billing-export"));
        assertThat(Ruler.matchesRule(otherMachine.toString(), pattern)).as("another state machine").isFalse();
        for (String file : List.of("wrong-detail-type.json", "wrong-source.json")) {
            assertThat(Ruler.matchesRule(Files.readString(Path.of("../events/malformed", file)), pattern)).as(file).isFalse();
        }
    }

    @Test
    void aNamePrefixWatchesEveryStateMachineItNames() throws Exception {
        StackSettings byPrefix = new StackSettings("123456789012", "us-east-1", List.of(), "oriole-",
                SETTINGS.vpcId(), SETTINGS.availabilityZones(), SETTINGS.privateSubnetIds(), SETTINGS.databaseSecurityGroupId(),
                SETTINGS.databaseSecretArn(), "require", "", SETTINGS.recorderJar());
        App app = new App();
        ExecutionTrackingStack prefixed = new ExecutionTrackingStack(app, "Prefixed", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build(), byPrefix);
        Aspects.of(app).add(new AwsSolutionsChecks());
        Template prefixedTemplate = Template.fromStack(prefixed);
        JsonNode rule = JSON.valueToTree(prefixedTemplate.findResources("AWS::Events::Rule",
                Map.of("Properties", Map.of("EventPattern", Match.anyValue())))).elements().next();
        String pattern = JSON.writeValueAsString(rule.at("/Properties/EventPattern"));

        assertThat(pattern).contains("\"prefix\":\"arn:aws:states:us-east-1:123456789012:stateMachine:oriole-\"");
        for (String event : savedEvents(Path.of("../events/scenarios"))) {
            assertThat(Ruler.matchesRule(event, pattern)).isTrue();
        }
        assertThat(Annotations.fromStack(prefixed).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    private static List<String> savedEvents(Path directory) throws IOException {
        List<String> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JSON.readTree(file.toFile()).forEach(event -> events.add(event.toString()));
            }
        }
        return events;
    }

    private static String logicalId(String type, String contains) {
        List<String> ids = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            if (entry.getValue().get("Type").asText().equals(type) && entry.getKey().contains(contains)) {
                ids.add(entry.getKey());
            }
        });
        assertThat(ids).as(type + " named like " + contains).hasSize(1);
        return ids.get(0);
    }

    private static JsonNode only(String type, String contains) {
        return resources.get(logicalId(type, contains));
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node == null) {
            return texts;
        }
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.isTextual() ? n.asText() : n.toString()));
        } else {
            texts.add(node.isTextual() ? node.asText() : node.toString());
        }
        return texts;
    }
}

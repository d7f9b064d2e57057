package oriole.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.event.ruler.Ruler;

/** The stack as deployed: synthesized by InfraApp with cdk.json's context and feature flags (plus -c overrides). */
class ExecutionTrackingStackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String WATCHED = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-maze-experiment";

    static ExecutionTrackingStack stack;
    static StackSettings SETTINGS;
    static Template template;
    static JsonNode resources;

    @BeforeAll
    static void synthesize() throws IOException {
        stack = synthesize(Map.of());
        SETTINGS = stack.settings();
        template = Template.fromStack(stack);
        resources = JSON.valueToTree(template.toJSON()).get("Resources");
    }

    /** cdk.json's context, as the CDK CLI passes it, with {@code overrides} as -c would. */
    static ExecutionTrackingStack synthesize(Map<String, Object> overrides) throws IOException {
        Map<String, Object> context = JSON.convertValue(JSON.readTree(new java.io.File("cdk.json")).get("context"),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        context.putAll(overrides);
        return InfraApp.stack(new App(AppProps.builder().context(context).build()));
    }

    static JsonNode resourcesOf(ExecutionTrackingStack stack) {
        return JSON.valueToTree(Template.fromStack(stack).toJSON()).get("Resources");
    }

    @Test
    void theRuleMatchesStatusChangesOfTheWatchedStateMachines() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.states"),
                "detail-type", List.of("Step Functions Execution Status Change"),
                "detail", Map.of("stateMachineArn", List.of(WATCHED, Map.of("prefix", WATCHED + "/"))))));
    }

    /**
     * A Distributed Map's child executions carry stateMachineArn {@code <parent ARN>/<map label>}: they are the
     * watched state machine's executions too, in every partition; a state machine whose name merely starts
     * with the watched one's is not.
     */
    @Test
    void theRuleMatchesDistributedMapChildrenOfTheWatchedStateMachinesInEveryPartition() throws Exception {
        Map<String, String> regions = Map.of("aws", "us-east-1", "aws-cn", "cn-north-1", "aws-us-gov", "us-gov-west-1");
        for (Map.Entry<String, String> partition : regions.entrySet()) {
            String region = partition.getValue();
            String parent = "arn:" + partition.getKey() + ":states:" + region + ":123456789012:stateMachine:oriole-maze-experiment";
            String pattern = partition.getKey().equals("aws") ? rulePattern(resources) : rulePattern(resourcesOf(synthesize(Map.of(
                    "region", region, "availabilityZones", region + "a," + region + "b", "watchedStateMachineArns", parent,
                    "databaseSecretArn", "arn:" + partition.getKey() + ":secretsmanager:" + region + ":123456789012:secret:oriole-AbCdEf",
                    "alarmTopicArn", "arn:" + partition.getKey() + ":sns:" + region + ":123456789012:oriole-alarms"))));
            String executions = parent.replace(":stateMachine:", ":execution:");

            assertThat(Ruler.matchesRule(statusChange(parent, executions + ":exp-1"), pattern)).as(parent).isTrue();
            assertThat(Ruler.matchesRule(statusChange(parent + "/MazeRuns", executions + "/MazeRuns:3f2c1b0a-9d8e-4f7a-b6c5-d4e3f2a1b0c9"),
                    pattern)).as("a Distributed Map child of " + parent).isTrue();
            assertThat(Ruler.matchesRule(statusChange(parent + "-v2", executions + "-v2:exp-1"), pattern))
                    .as("another state machine whose name starts with the watched one's").isFalse();
            assertThat(Ruler.matchesRule(statusChange(parent + "-v2/MazeRuns", executions + "-v2/MazeRuns:1"), pattern))
                    .as("that other state machine's children").isFalse();
        }
        assertThat(grants(resources)).as("the reconciler may ask about the children too").contains(
                "ReconcilerRole states:DescribeExecution arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment/*");
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
    void theVisibilityTimeoutIsAtLeastSixTimesTheRecorderTimeoutPlusTheBatchingWindow() {
        int visibility = only("AWS::SQS::Queue", "QueuesStatusQueue").at("/Properties/VisibilityTimeout").asInt();
        int timeout = only("AWS::Lambda::Function", "FunctionsRecorder").at("/Properties/Timeout").asInt();
        int window = only("AWS::Lambda::EventSourceMapping", "RecorderLive").at("/Properties/MaximumBatchingWindowInSeconds").asInt();
        assertThat(visibility).isGreaterThanOrEqualTo(6 * timeout + window);
    }

    @Test
    void theRecorderRunsJavaWithSnapStartJsonLogsAndItsSecret() {
        JsonNode recorder = only("AWS::Lambda::Function", "FunctionsRecorder").get("Properties");
        assertThat(recorder.get("Runtime").asText()).isEqualTo("java21");
        assertThat(recorder.get("Handler").asText()).isEqualTo("oriole.recorder.lambda.RecorderHandler::handleRequest");
        assertThat(recorder.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(recorder.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
        assertThat(recorder.at("/Environment/Variables/RECORDER_DB_SECRET_ARN").asText()).isEqualTo(SETTINGS.databaseSecretArn());
        assertThat(recorder.at("/Environment/Variables/RECORDER_DB_SSLMODE").isMissingNode())
                .as("no mode given: the recorder uses verify-full with a CA bundle, require without").isTrue();
        assertThat(recorder.at("/Environment/Variables/RECORDER_DB_PORT").asText()).isEqualTo("5432");
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
        assertThat(grants(resources)).as("each role holds exactly what its code calls")
                .contains("ReconcilerRole states:DescribeExecution arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:*",
                        "ReconcilerRole states:GetExecutionHistory arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:*",
                        "ReconcilerRole secretsmanager:GetSecretValue " + SETTINGS.databaseSecretArn(),
                        "RecorderRole secretsmanager:GetSecretValue " + SETTINGS.databaseSecretArn())
                .noneMatch(grant -> grant.contains("states:ListExecutions"))
                .allMatch(grant -> !grant.contains("states:GetExecutionHistory") || grant.startsWith("ReconcilerRole ")
                        && (grant.contains(":execution:oriole-maze-experiment:")
                            || grant.contains(":execution:oriole-maze-experiment/")))  // its Distributed Map children
                .noneMatch(grant -> grant.contains("secretsmanager:DescribeSecret"))
                .noneMatch(grant -> grant.contains("kms:"));
    }

    @Test
    void aCustomerManagedKeyIsDecryptedOnlyThroughSecretsManager() throws IOException {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
        JsonNode withKey = resourcesOf(synthesize(Map.of("databaseSecretKmsKeyArn", key)));

        assertThat(grants(withKey)).contains("RecorderRole kms:Decrypt " + key, "ReconcilerRole kms:Decrypt " + key,
                "PrunerRole kms:Decrypt " + key).filteredOn(grant -> grant.contains("kms:")).hasSize(3);
        List<JsonNode> decrypts = statements(withKey).stream().filter(s -> texts(s.get("Action")).contains("kms:Decrypt")).toList();
        assertThat(decrypts).isNotEmpty().allSatisfy(statement -> assertThat(statement.at("/Condition/StringEquals/kms:ViaService").asText())
                .isEqualTo("secretsmanager.us-east-1.amazonaws.com"));
    }

    @Test
    void anRdsManagedSecretGetsItsHostPortAndDatabaseFromTheContext() throws IOException {
        JsonNode rds = resourcesOf(synthesize(Map.of(
                "databaseSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-4e5f-AbCdEf",
                "databaseHost", "oriole.abcdefghijkl.us-east-1.rds.amazonaws.com", "databasePort", "6432",
                "databaseName", "oriole")));
        JsonNode variables = onlyIn(rds, "AWS::Lambda::Function", "FunctionsRecorder").at("/Properties/Environment/Variables");

        assertThat(variables.get("RECORDER_DB_HOST").asText()).isEqualTo("oriole.abcdefghijkl.us-east-1.rds.amazonaws.com");
        assertThat(variables.get("RECORDER_DB_PORT").asText()).isEqualTo("6432");
        assertThat(variables.get("RECORDER_DB_NAME").asText()).isEqualTo("oriole");
        List<String> ports = new ArrayList<>();
        rds.forEach(resource -> {
            if (resource.get("Type").asText().startsWith("AWS::EC2::SecurityGroup")) {
                resource.at("/Properties/SecurityGroupEgress").forEach(rule -> ports.add("egress " + rule.get("FromPort").asText()));
                if (resource.get("Type").asText().equals("AWS::EC2::SecurityGroupIngress")) {
                    ports.add("ingress " + resource.at("/Properties/FromPort").asText());
                }
                if (resource.get("Type").asText().equals("AWS::EC2::SecurityGroupEgress")) {
                    ports.add("egress " + resource.at("/Properties/FromPort").asText());
                }
            }
        });
        assertThat(ports).as("the database rules use the configured port").containsExactlyInAnyOrder("egress 6432", "egress 443", "ingress 6432");
    }

    @Test
    void aCaBundleIsShippedInALayerAndNamedToTheFunctions() throws IOException {
        Path bundle = Files.createTempDirectory("bundle").resolve("global-bundle.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        JsonNode withBundle = resourcesOf(synthesize(Map.of("databaseCaBundle", bundle.toString())));

        String layer = logicalIdIn(withBundle, "AWS::Lambda::LayerVersion", "DatabaseCaBundle");
        for (String function : List.of("FunctionsRecorder", "FunctionsReconciler")) {
            JsonNode properties = onlyIn(withBundle, "AWS::Lambda::Function", function).get("Properties");
            assertThat(properties.at("/Environment/Variables/RECORDER_DB_SSLROOTCERT").asText()).isEqualTo("/opt/global-bundle.pem");
            assertThat(properties.at("/Layers/0/Ref").asText()).isEqualTo(layer);
        }
        assertThatThrownBy(() -> synthesize(Map.of("databaseCaBundle", "no/such/bundle.pem")))
                .hasMessageContaining("databaseCaBundle: no such file");
    }

    @Test
    void everyWayThePipelineCanStopHasAnAlarmThatNotifiesTheTopicAndPointsToTheRunbook() {
        Map<String, JsonNode> alarms = new java.util.TreeMap<>();
        resources.fields().forEachRemaining(entry -> {
            if (entry.getValue().get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                JsonNode properties = entry.getValue().get("Properties");
                alarms.put(properties.get("AlarmName").asText(), properties);
                assertThat(properties.at("/AlarmActions/0").asText()).isEqualTo(SETTINGS.alarmTopicArn());
                assertThat(properties.get("AlarmDescription").asText()).endsWith("Runbook: docs/deploy.md, 'Alarms'.");
            }
        });
        assertThat(alarms.keySet()).containsExactlyInAnyOrder(Stream.of("EventsNotArriving", "RuleDeliveryFailed",
                "RuleDeadLetterFailed", "RuleTargetDeadLetterQueueNotEmpty", "RecorderFailedMessages",
                "StatusDeadLetterQueueNotEmpty", "RecorderErrors", "RecorderThrottled", "StatusQueueOldestMessageAge",
                "ReconcilerErrors", "ReconcilerNotRunning", "ReconcilerFailures", "StuckRuns", "RunsWaitingForExplanation",
                "PrunerErrors", "PrunerNotRunning")
                .map(name -> "oriole-" + name + "-prod").toArray(String[]::new));
        assertThat(alarms.get("oriole-RecorderFailedMessages-prod").get("MetricName").asText()).isEqualTo("BatchFailed");
        assertThat(alarms.get("oriole-RecorderErrors-prod").get("AlarmDescription").asText())
                .contains("a database outage does not count here");
        JsonNode notRunning = alarms.get("oriole-ReconcilerNotRunning-prod");
        assertThat(notRunning.get("MetricName").asText()).isEqualTo("Invocations");
        assertThat(notRunning.get("Period").asInt()).isEqualTo(1800);
        assertThat(notRunning.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(notRunning.get("TreatMissingData").asText()).as("no data means it did not run").isEqualTo("breaching");
        JsonNode prunerNotRunning = alarms.get("oriole-PrunerNotRunning-prod");
        assertThat(prunerNotRunning.get("Period").asInt()).isEqualTo(86400);
        assertThat(prunerNotRunning.get("EvaluationPeriods").asInt()).isEqualTo(2);
        assertThat(prunerNotRunning.get("TreatMissingData").asText()).isEqualTo("breaching");
        assertThat(alarms.get("oriole-ReconcilerFailures-prod").get("MetricName").asText()).isEqualTo("Failed");
        JsonNode waiting = alarms.get("oriole-RunsWaitingForExplanation-prod");
        assertThat(waiting.get("MetricName").asText()).isEqualTo("WaitingForExplanation");
        assertThat(waiting.get("Namespace").asText()).isEqualTo("oriole/ExecutionTracking");
        assertThat(waiting.get("EvaluationPeriods").asInt()).as("an hour of reconciler runs").isEqualTo(4);
        assertThat(alarms.get("oriole-RuleDeliveryFailed-prod").get("MetricName").asText()).isEqualTo("FailedInvocations");
        assertThat(alarms.get("oriole-RuleDeadLetterFailed-prod").get("MetricName").asText()).isEqualTo("InvocationsFailedToBeSentToDlq");
        assertThat(alarms.get("oriole-RecorderThrottled-prod").get("MetricName").asText()).isEqualTo("Throttles");
        JsonNode silence = alarms.get("oriole-EventsNotArriving-prod");
        assertThat(silence.get("Metrics").toString()).contains("ExecutionsStarted").contains(WATCHED).contains("BatchApplied")
                .contains("\"Period\":3600");
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 600));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        assertThat(only("AWS::CloudWatch::Dashboard", "Dashboard").at("/Properties/DashboardBody").toString())
                .as("the reconciler's Failed count is on the dashboard").contains("Failed");
        template.resourceCountIs("AWS::Logs::MetricFilter", 6);
    }

    @Test
    void aSynthBeforeTheBuildSaysToBuildFirst() {
        assertThatThrownBy(() -> synthesize(Map.of("recorderJar", "../recorder/target/not-built.jar")))
                .hasMessage("the Lambda package ../recorder/target/not-built.jar is not built yet: run"
                        + " 'mvn -B -q package -DskipTests' in the repository's root first");
    }

    @Test
    void alarmsWithoutATopicFailTheSynthUnlessSaidOnPurpose() throws IOException {
        assertThatThrownBy(() -> synthesize(Map.of("alarmTopicArn", "")))
                .hasMessage("alarms without a topic notify nobody: pass -c alarmTopicArn=arn:...:sns:..., or -c alarms=none"
                        + " to deploy without notifications on purpose");
        JsonNode silent = resourcesOf(synthesize(Map.of("alarmTopicArn", "", "alarms", "none")));
        silent.forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                assertThat(resource.at("/Properties/AlarmActions").isMissingNode()).isTrue();
            }
        });
    }

    @Test
    void twoStagesInOneAccountNameEverythingApart() throws IOException {
        ExecutionTrackingStack staging = synthesize(Map.of("stage", "staging"));
        JsonNode stagingResources = resourcesOf(staging);

        assertThat(staging.getStackName()).isEqualTo("OrioleExecutionTracking-staging");
        assertThat(stack.getStackName()).isEqualTo("OrioleExecutionTracking-prod");
        assertThat(onlyIn(stagingResources, "AWS::CloudWatch::Dashboard", "Dashboard").at("/Properties/DashboardName").asText())
                .isEqualTo("oriole-execution-tracking-staging");
        stagingResources.forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                assertThat(resource.at("/Properties/AlarmName").asText()).startsWith("oriole-").endsWith("-staging");
            }
        });
        assertThatThrownBy(() -> synthesize(Map.of("stage", "Prod EU"))).hasMessageContaining("'stage'");
    }

    @Test
    void theArnPartitionComesFromTheRegion() throws IOException {
        JsonNode china = resourcesOf(synthesize(Map.of("region", "cn-north-1", "watchedStateMachineArns", "",
                "stateMachineNamePrefix", "oriole-", "availabilityZones", "cn-north-1a,cn-north-1b",
                "databaseSecretArn", "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:oriole-AbCdEf",
                "alarmTopicArn", "arn:aws-cn:sns:cn-north-1:123456789012:oriole-alarms")));

        assertThat(onlyIn(china, "AWS::Events::Rule", "StatusChangesRule").at("/Properties/EventPattern").toString())
                .contains("\"prefix\":\"arn:aws-cn:states:cn-north-1:123456789012:stateMachine:oriole-\"");
        assertThat(grants(china)).contains("ReconcilerRole states:DescribeExecution arn:aws-cn:states:cn-north-1:123456789012:execution:oriole-*:*",
                "ReconcilerRole states:GetExecutionHistory arn:aws-cn:states:cn-north-1:123456789012:execution:oriole-*:*");
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
    void theHistoryIsPrunedOnceADayToTheRetention() throws IOException {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 day)"));
        JsonNode pruner = only("AWS::Lambda::Function", "FunctionsPruner").get("Properties");
        assertThat(pruner.get("Handler").asText()).isEqualTo("oriole.recorder.lambda.PruneHandler::handleRequest");
        assertThat(pruner.at("/Environment/Variables/RECORDER_HISTORY_RETENTION_DAYS").asText()).isEqualTo("400");
        JsonNode year = resourcesOf(synthesize(Map.of("historyRetentionDays", "365")));
        assertThat(onlyIn(year, "AWS::Lambda::Function", "FunctionsPruner")
                .at("/Properties/Environment/Variables/RECORDER_HISTORY_RETENTION_DAYS").asText()).isEqualTo("365");
        assertThat(grants(resources)).contains("PrunerRole secretsmanager:GetSecretValue " + SETTINGS.databaseSecretArn());
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
        ExecutionTrackingStack prefixed = synthesize(Map.of("watchedStateMachineArns", "", "stateMachineNamePrefix", "oriole-"));
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

    static String rulePattern(JsonNode resources) throws IOException {
        return JSON.writeValueAsString(onlyIn(resources, "AWS::Events::Rule", "StatusChangesRule").at("/Properties/EventPattern"));
    }

    /** A saved RUNNING status change, moved to {@code stateMachineArn} and {@code executionArn}. */
    static String statusChange(String stateMachineArn, String executionArn) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(savedEvents(Path.of("../events/scenarios/01-succeeded-goal-found")).get(0));
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("stateMachineArn", stateMachineArn);
        detail.put("executionArn", executionArn);
        event.putArray("resources").add(executionArn);
        return event.toString();
    }

    /** "ROLE action resource" for every statement of every policy, ROLE the role's logical id. */
    static List<String> grants(JsonNode resources) {
        List<String> grants = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            if (!entry.getValue().get("Type").asText().equals("AWS::IAM::Policy")) {
                return;
            }
            String role = entry.getValue().at("/Properties/Roles/0/Ref").asText().replaceAll("^Functions|[0-9A-F]{8}$", "");
            for (JsonNode statement : entry.getValue().at("/Properties/PolicyDocument/Statement")) {
                for (String action : texts(statement.get("Action"))) {
                    for (String resource : texts(statement.get("Resource"))) {
                        grants.add(role + " " + action + " " + resource);
                    }
                }
            }
        });
        return grants;
    }

    private static List<JsonNode> statements(JsonNode resources) {
        List<JsonNode> statements = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::IAM::Policy")) {
                resource.at("/Properties/PolicyDocument/Statement").forEach(statements::add);
            }
        });
        return statements;
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
        return logicalIdIn(resources, type, contains);
    }

    static JsonNode onlyIn(JsonNode resources, String type, String contains) {
        return resources.get(logicalIdIn(resources, type, contains));
    }

    static String logicalIdIn(JsonNode resources, String type, String contains) {
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

    static List<String> texts(JsonNode node) {
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

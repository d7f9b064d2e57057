package oriole.recorder.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The starter against the real Step Functions client, answered by a local server as Step Functions answers. */
class ExperimentStarterHandlerTest {

    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-demo-experiment-prod";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer stepFunctions;
    ExperimentStarterHandler starter;

    @BeforeEach
    void start() {
        stepFunctions = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stepFunctions.start();
        stepFunctions.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"executionArn\":\"" + STATE_MACHINE.replace(":stateMachine:", ":execution:")
                                + ":m-1\",\"startDate\":1767261600.0}")));
        stepFunctions.stubFor(post(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.name", equalTo("m-throttled")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.swf.base.model#ThrottlingException\",\"message\":\"Rate exceeded\"}")));
        stepFunctions.stubFor(post(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.name", equalTo("m-delivered-again")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists\","
                                + "\"message\":\"Execution Already Exists: 'm-delivered-again'\"}")));
        starter = new ExperimentStarterHandler(STATE_MACHINE, () -> SfnClient.builder()
                .endpointOverride(URI.create(stepFunctions.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build());
    }

    @AfterEach
    void stop() {
        stepFunctions.stop();
    }

    @Test
    void eachMessageStartsOneExecutionNamedByItsIdWithTheIdInItsInput() throws Exception {
        SQSBatchResponse response = starter.handleRequest(event(
                message("m-1", "{\"modelName\":\"demo-small\",\"temperature\":0.2,\"behavior\":\"goal\",\"messageId\":\"forged\"}")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<LoggedRequest> starts = stepFunctions.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("stateMachineArn")));
        assertThat(starts).hasSize(1);
        JsonNode request = JSON.readTree(starts.get(0).getBodyAsString());
        assertThat(request.get("stateMachineArn").asText()).isEqualTo(STATE_MACHINE);
        assertThat(request.get("name").asText()).isEqualTo("m-1");
        assertThat(JSON.readTree(request.get("input").asText())).isEqualTo(JSON.readTree(
                "{\"modelName\":\"demo-small\",\"temperature\":0.2,\"behavior\":\"goal\",\"messageId\":\"m-1\"}"));
    }

    @Test
    void aMessageThatCannotStartFailsAloneAndTheRestStart() {
        SQSBatchResponse response = starter.handleRequest(event(message("m-not-json", "run the maze please"),
                message("m-throttled", "{\"behavior\":\"goal\"}"), message("m-1", "{\"behavior\":\"no-goal\"}")), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-not-json", "m-throttled");
        assertThat(stepFunctions.findAll(postRequestedFor(urlEqualTo("/")))).as("the malformed one is never sent").hasSize(2);
    }

    /** SQS delivers at least once: the execution a message started is found by its name, not started twice. */
    @Test
    void aMessageDeliveredAgainAfterItsExecutionEndedIsDone() {
        SQSBatchResponse response = starter.handleRequest(event(message("m-delivered-again", "{\"behavior\":\"goal\"}")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }
}

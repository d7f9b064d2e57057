package oriole.recorder.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import oriole.recorder.reconcile.ExecutionDescriber;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A local HTTP server answering as the AWS services do (WireMock), with recorded answers from the test
 * classpath: Step Functions speaks AWS JSON 1.0 ({@code X-Amz-Target: AWSStepFunctions.<operation>}),
 * CloudWatch Logs AWS JSON 1.1 ({@code Logs_20140328.<operation>}); errors are HTTP 400 with {@code __type}.
 */
public final class AwsReplay {

    private AwsReplay() {
    }

    /** The real Step Functions client of the recorder, aimed at the server. */
    public static SfnClient stepFunctions(WireMockServer server) {
        return ExecutionDescriber.clientBuilder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** A call of a Step Functions operation. */
    public static MappingBuilder stepFunctionsCall(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation));
    }

    /** A call of a CloudWatch Logs operation. */
    public static MappingBuilder logsCall(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328." + operation));
    }

    /** A Step Functions answer from {@code /path} on the test classpath. */
    public static ResponseDefinitionBuilder stepFunctionsAnswer(int status, String path) {
        return answer(status, "application/x-amz-json-1.0", path);
    }

    /** A CloudWatch Logs answer from {@code /path} on the test classpath. */
    public static ResponseDefinitionBuilder logsAnswer(String path) {
        return answer(200, "application/x-amz-json-1.1", path);
    }

    private static ResponseDefinitionBuilder answer(int status, String contentType, String path) {
        return aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(resource(path));
    }

    public static String resource(String path) {
        try (InputStream in = AwsReplay.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException(path + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

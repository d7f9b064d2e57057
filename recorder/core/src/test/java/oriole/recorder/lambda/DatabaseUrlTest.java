package oriole.recorder.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** From the deployed database secret to a JDBC URL with TLS on. */
class DatabaseUrlTest {

    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:oriole/recorder-AbCdEf";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void buildsTheUrlFromTheClassicRdsSecretWithTlsAndEscapedCredentials() {
        String url = DatabaseUrl.fromSecret("{\"engine\":\"postgres\",\"host\":\"oriole.cluster-abc.us-east-1.rds.amazonaws.com\","
                + "\"port\":5432,\"dbname\":\"oriole\",\"username\":\"recorder\",\"password\":\"p@ss&word=1/2\"}",
                Map.of(DatabaseUrl.SSL_ROOT_CERT_VARIABLE, "/opt/rds-global-bundle.pem"), SavedEventFiles.JSON);

        assertThat(url).as("a CA bundle makes verify-full the default")
                .isEqualTo("jdbc:postgresql://oriole.cluster-abc.us-east-1.rds.amazonaws.com:5432/oriole"
                + "?user=recorder&password=p%40ss%26word%3D1%2F2&sslmode=verify-full&sslrootcert=%2Fopt%2Frds-global-bundle.pem");
    }

    @Test
    void anRdsManagedSecretHoldsOnlyCredentialsAndTheStackSaysWhereTheDatabaseIs() {
        String url = DatabaseUrl.fromSecret("{\"username\":\"postgres\",\"password\":\"Rotated-7-days\"}",
                Map.of(DatabaseUrl.HOST_VARIABLE, "oriole.abc.eu-west-1.rds.amazonaws.com", DatabaseUrl.PORT_VARIABLE, "6432",
                        DatabaseUrl.NAME_VARIABLE, "oriole"), SavedEventFiles.JSON);

        assertThat(url).as("require without a bundle")
                .isEqualTo("jdbc:postgresql://oriole.abc.eu-west-1.rds.amazonaws.com:6432/oriole?user=postgres"
                        + "&password=Rotated-7-days&sslmode=require");
    }

    @Test
    void whatTheSecretHoldsWinsAndTheEnvironmentFillsTheRest() {
        String url = DatabaseUrl.fromSecret("{\"host\":\"from-secret\",\"username\":\"u\",\"password\":\"p\"}",
                Map.of(DatabaseUrl.HOST_VARIABLE, "from-context", DatabaseUrl.NAME_VARIABLE, "oriole",
                        DatabaseUrl.SSL_MODE_VARIABLE, "verify-ca"), SavedEventFiles.JSON);

        assertThat(url).isEqualTo("jdbc:postgresql://from-secret:5432/oriole?user=u&password=p&sslmode=verify-ca");
    }

    @Test
    void theUrlVariableWinsAndAMissingConfigurationOrFieldIsAClearError() {
        assertThat(DatabaseUrl.resolve(Map.of("RECORDER_DB_URL", "jdbc:postgresql://x/y", "RECORDER_DB_SECRET_ARN", SECRET_ARN),
                arn -> { throw new AssertionError("the secret is not read"); }, SavedEventFiles.JSON)).isEqualTo("jdbc:postgresql://x/y");
        assertThatThrownBy(() -> DatabaseUrl.resolve(Map.of(), arn -> "{}", SavedEventFiles.JSON))
                .hasMessage("no database: set RECORDER_DB_URL or RECORDER_DB_SECRET_ARN");
        assertThatThrownBy(() -> DatabaseUrl.fromSecret("{\"host\":\"h\",\"username\":\"u\"}", Map.of(), SavedEventFiles.JSON))
                .hasMessage("the database secret lacks password");
        assertThatThrownBy(() -> DatabaseUrl.fromSecret("{\"password\":\"p\"}", Map.of(), SavedEventFiles.JSON))
                .hasMessage("the database secret lacks host (or the RECORDER_DB_HOST variable: context databaseHost), username");
        assertThatThrownBy(() -> DatabaseUrl.fromSecret("not json", Map.of(), SavedEventFiles.JSON))
                .hasMessage("the database secret is not a JSON object");
    }

    @Test
    void readsTheSecretWithTheSdkAndConnectsWithIt() throws Exception {
        // The test server's own credentials, served as Secrets Manager would serve the RDS secret.
        URI server = URI.create(db.url().replace("jdbc:", ""));
        String database = server.getPath().substring(1);
        String secret = "{\"host\":\"" + server.getHost() + "\",\"port\":" + server.getPort() + ",\"dbname\":\"" + database
                + "\",\"username\":\"postgres\",\"password\":\"unused-with-trust-auth\"}";
        WireMockServer secretsManager = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        secretsManager.start();
        try {
            secretsManager.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                    .withRequestBody(matchingJsonPath("$.SecretId", equalTo(SECRET_ARN)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody(SavedEventFiles.JSON.createObjectNode().put("ARN", SECRET_ARN).put("Name", "oriole/recorder")
                                    .put("SecretString", secret).put("VersionId", "v1").toString())));
            try (SecretsManagerClient client = SecretsManagerClient.builder()
                    .endpointOverride(URI.create(secretsManager.baseUrl())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                String url = DatabaseUrl.resolve(Map.of("RECORDER_DB_SECRET_ARN", SECRET_ARN, "RECORDER_DB_SSLMODE", "prefer"),
                        arn -> client.getSecretValue(r -> r.secretId(arn)).secretString(), SavedEventFiles.JSON);

                assertThat(url).contains("sslmode=prefer");
                try (Connection c = DriverManager.getConnection(url)) {
                    assertThat(c.isValid(2)).isTrue();
                }
            }
        } finally {
            secretsManager.stop();
        }
    }
}

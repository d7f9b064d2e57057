package oriole.recorder.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where a deployed function finds its database: {@code RECORDER_DB_URL} when set (local use), otherwise the
 * Secrets Manager secret named by {@code RECORDER_DB_SECRET_ARN} (the RDS secret shape: host, port, dbname,
 * username, password), read once at start, with TLS on ({@code RECORDER_DB_SSLMODE}, default {@code require};
 * {@code verify-full} with {@code RECORDER_DB_SSLROOTCERT} pointing at the RDS CA bundle).
 */
public final class DatabaseUrl {

    public static final String SECRET_ARN_VARIABLE = "RECORDER_DB_SECRET_ARN";
    public static final String SSL_MODE_VARIABLE = "RECORDER_DB_SSLMODE";
    public static final String SSL_ROOT_CERT_VARIABLE = "RECORDER_DB_SSLROOTCERT";

    private DatabaseUrl() {
    }

    /** The JDBC URL, reading the secret through {@code secrets} (secret ARN to secret string) when needed. */
    public static String resolve(Map<String, String> environment, UnaryOperator<String> secrets, ObjectMapper json) {
        String url = environment.get(RecorderHandler.DATABASE_URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return url;
        }
        String secretArn = environment.get(SECRET_ARN_VARIABLE);
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException("no database: set " + RecorderHandler.DATABASE_URL_VARIABLE + " or "
                    + SECRET_ARN_VARIABLE);
        }
        return fromSecret(secrets.apply(secretArn), environment.getOrDefault(SSL_MODE_VARIABLE, "require"),
                environment.get(SSL_ROOT_CERT_VARIABLE), json);
    }

    /** Reads secrets with the SDK (JDK HTTP client; region and credentials from the Lambda environment). */
    public static UnaryOperator<String> secretsManager() {
        return arn -> {
            try (SecretsManagerClient client = SecretsManagerClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                return client.getSecretValue(r -> r.secretId(arn)).secretString();
            }
        };
    }

    public static String fromSecret(String secretString, String sslMode, String sslRootCert, ObjectMapper json) {
        JsonNode secret;
        try {
            secret = json.readTree(secretString);
        } catch (Exception e) {
            throw new IllegalStateException("the database secret is not JSON");
        }
        String host = required(secret, "host");
        String port = secret.hasNonNull("port") ? secret.get("port").asText() : "5432";
        String database = secret.hasNonNull("dbname") ? secret.get("dbname").asText() : "postgres";
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(encode(database))
                .append("?user=").append(encode(required(secret, "username")))
                .append("&password=").append(encode(required(secret, "password")))
                .append("&sslmode=").append(encode(sslMode));
        if (sslRootCert != null && !sslRootCert.isBlank()) {
            url.append("&sslrootcert=").append(encode(sslRootCert));
        }
        return url.toString();
    }

    private static String required(JsonNode secret, String field) {
        if (!secret.hasNonNull(field) || secret.get(field).asText().isBlank()) {
            throw new IllegalStateException("the database secret has no '" + field + "'");
        }
        return secret.get(field).asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

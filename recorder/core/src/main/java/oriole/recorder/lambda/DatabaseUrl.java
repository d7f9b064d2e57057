package oriole.recorder.lambda;

import oriole.recorder.contract.RecorderEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where a deployed function finds its database: {@code RECORDER_DB_URL} when set (local use), otherwise the
 * Secrets Manager secret named by {@code RECORDER_DB_SECRET_ARN}, in any of the shapes AWS hands out: an
 * RDS-managed master secret ({@code rds!…}: only {@code username} and {@code password}), the "credentials for
 * an RDS database" secret ({@code host}, {@code port}, {@code dbname}, {@code engine}, {@code username},
 * {@code password}), or anything in between. What the secret holds wins; {@code RECORDER_DB_HOST},
 * {@code RECORDER_DB_PORT} and {@code RECORDER_DB_NAME} fill the rest. TLS is always on: {@code verify-full}
 * when a CA bundle is given ({@code RECORDER_DB_SSLROOTCERT}), {@code require} otherwise, unless
 * {@code RECORDER_DB_SSLMODE} says which.
 */
public final class DatabaseUrl {

    public static final String SECRET_ARN_VARIABLE = RecorderEnvironment.DATABASE_SECRET_ARN;
    public static final String SSL_MODE_VARIABLE = RecorderEnvironment.DATABASE_SSL_MODE;
    public static final String SSL_ROOT_CERT_VARIABLE = RecorderEnvironment.DATABASE_SSL_ROOT_CERT;
    public static final String HOST_VARIABLE = RecorderEnvironment.DATABASE_HOST;
    public static final String PORT_VARIABLE = RecorderEnvironment.DATABASE_PORT;
    public static final String NAME_VARIABLE = RecorderEnvironment.DATABASE_NAME;

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
        return fromSecret(secrets.apply(secretArn), environment, json);
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

    public static String fromSecret(String secretString, Map<String, String> environment, ObjectMapper json) {
        JsonNode secret;
        try {
            secret = json.readTree(secretString);
        } catch (Exception e) {
            secret = null;
        }
        if (secret == null || !secret.isObject()) {
            throw new IllegalStateException("the database secret is not a JSON object");
        }
        String host = field(secret, "host", environment.get(HOST_VARIABLE));
        String port = field(secret, "port", environment.getOrDefault(PORT_VARIABLE, RecorderEnvironment.DEFAULT_DATABASE_PORT));
        String database = field(secret, "dbname", environment.getOrDefault(NAME_VARIABLE, RecorderEnvironment.DEFAULT_DATABASE_NAME));
        String user = field(secret, "username", null);
        String password = field(secret, "password", null);
        List<String> missing = new ArrayList<>();
        if (host == null) {
            missing.add("host (or the " + HOST_VARIABLE + " variable: context databaseHost)");
        }
        if (user == null) {
            missing.add("username");
        }
        if (password == null) {
            missing.add("password");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the database secret lacks " + String.join(", ", missing));
        }
        String rootCert = blankToNull(environment.get(SSL_ROOT_CERT_VARIABLE));
        String sslMode = blankToNull(environment.get(SSL_MODE_VARIABLE));
        if (sslMode == null) {
            sslMode = rootCert != null ? "verify-full" : "require";
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(encode(database))
                .append("?user=").append(encode(user))
                .append("&password=").append(encode(password))
                .append("&sslmode=").append(encode(sslMode));
        if (rootCert != null) {
            url.append("&sslrootcert=").append(encode(rootCert));
        }
        return url.toString();
    }

    /** The secret's value for {@code key} (text or number), else {@code fallback}. */
    private static String field(JsonNode secret, String key, String fallback) {
        JsonNode value = secret.get(key);
        if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
            return value.asText();
        }
        return blankToNull(fallback);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

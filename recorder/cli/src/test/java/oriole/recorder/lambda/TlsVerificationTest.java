package oriole.recorder.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.PrivatePostgres;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;

/**
 * {@code verify-full} against a real PostgreSQL with {@code ssl = on} and a server certificate signed by a CA
 * this test makes with openssl (as RDS's are signed by AWS's CAs, which the JVM does not trust): the
 * right CA bundle and host name connect; another CA or another host name are refused with a clear line.
 */
class TlsVerificationTest {

    static Path certificates;
    static PrivatePostgres postgres;

    @BeforeAll
    static void startAServerWithACertificateOfOurOwnCa() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/openssl"))).as("openssl is installed").isTrue();
        certificates = Files.createTempDirectory("recorder-tls");
        Files.writeString(certificates.resolve("server.ext"), String.join("\n", "subjectAltName=DNS:localhost",
                "basicConstraints=CA:FALSE", "keyUsage=digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth", ""));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=oriole test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=some other CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
        Files.setPosixFilePermissions(certificates.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        postgres = new PrivatePostgres(Map.of("ssl", "on",
                "ssl_cert_file", certificates.resolve("server.crt").toString(),
                "ssl_key_file", certificates.resolve("server.key").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theRightCaAndHostNameConnectOverTls() throws Exception {
        try (Connection c = DatabaseConnection.open(url("localhost", "ca.pem"))) {
            assertThat(Rows.query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .extracting(r -> r.get("ssl")).containsExactly(true);
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', value = {
        "localhost | other-ca.pem | the server's certificate is not signed by a CA in sslrootcert",
        "127.0.0.1 | ca.pem       | The hostname 127.0.0.1 could not be verified"})
    void anotherCaOrHostNameIsRefusedWithAClearLine(String host, String caFile, String reason) {
        CommandRun run = CommandRun.of("migrate", "--db", url(host, caFile));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("recorder: cannot connect to ")
                .contains(reason);
    }

    @Test
    void aCaBundleInTheEnvironmentMakesTheRecorderVerifyFullByDefault() {
        Map<String, String> environment = Map.of(DatabaseUrl.SECRET_ARN_VARIABLE, "arn:aws:secretsmanager:us-east-1:123456789012:secret:oriole-AbCdEf",
                DatabaseUrl.SSL_ROOT_CERT_VARIABLE, certificates.resolve("ca.pem").toString());
        String secret = "{\"engine\":\"postgres\",\"host\":\"localhost\",\"port\":" + postgres.port()
                + ",\"dbname\":\"postgres\",\"username\":\"postgres\",\"password\":\"unused\"}";

        String url = DatabaseUrl.resolve(environment, arn -> secret, SavedEventFiles.JSON);

        assertThat(url).contains("sslmode=verify-full");
        try (BatchRecorder recorder = BatchRecorder.connectingTo(url, ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            assertThat(recorder.databaseAnswers()).isTrue();
        }
    }

    private static String url(String host, String caFile) {
        return "jdbc:postgresql://" + host + ":" + postgres.port() + "/postgres?user=postgres&sslmode=verify-full&sslrootcert="
                + certificates.resolve(caFile);
    }

    private static void openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(certificates.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }
}

package oriole.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The app as the CDK CLI runs it: cdk.json's "app" command (Maven's exec:java, with the runtime class path,
 * not the tests') given the context through CDK_CONTEXT_JSON and an output folder through CDK_OUTDIR.
 */
class CdkAppCommandTest {

    @Test
    void cdkJsonsAppCommandSynthesizesTheStack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode cdkJson = json.readTree(new File("cdk.json"));
        assertThat(cdkJson.get("app").asText()).isEqualTo("mvn -e -q compile exec:java");
        Path out = Files.createTempDirectory("cdk-out");
        ProcessBuilder app = new ProcessBuilder("mvn", "-B", "-q", "compile", "exec:java")
                .redirectErrorStream(true);
        app.environment().put("CDK_OUTDIR", out.toString());
        app.environment().put("CDK_CONTEXT_JSON", cdkJson.get("context").toString());
        app.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process process = app.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(out.resolve(InfraApp.stackName("prod") + ".template.json")).exists();
        assertThat(out.resolve("AwsSolutions-" + InfraApp.stackName("prod") + "-NagReport.csv")).exists();
    }
}

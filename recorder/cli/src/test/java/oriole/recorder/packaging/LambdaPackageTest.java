package oriole.recorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the Lambda deploys is decided by the module graph: recorder-lambda.jar (built by the core module, before
 * this one) holds the handlers and their runtime, and no class of the command line, the local tools or the
 * devkit, no migrations and none of their libraries.
 */
class LambdaPackageTest {

    static final Path LAMBDA_JAR = Path.of("..", "target", "recorder-lambda.jar");

    @Test
    void theLambdaJarHoldsTheHandlersAndNothingOfTheCommandLine() throws Exception {
        assertThat(LAMBDA_JAR).as("built by recorder-core's package phase").exists();
        List<String> entries;
        try (JarFile jar = new JarFile(LAMBDA_JAR.toFile())) {
            entries = jar.stream().map(e -> e.getName()).toList();
        }

        assertThat(entries).contains("oriole/recorder/lambda/RecorderHandler.class",
                "oriole/recorder/lambda/ReconcileHandler.class", "oriole/recorder/store/ExecutionMapper.xml",
                "oriole/recorder/contract/RecorderEnvironment.class", "db/queries/diagnose-failed-experiments.sql");
        for (String absent : List.of("oriole/recorder/cli/", "oriole/recorder/local/", "oriole/recorder/poll/",
                "oriole/recorder/bench/", "oriole/recorder/devkit/", "oriole/recorder/demo/", "db/migrations/", "db/oriole-workflow/", "picocli/", "org/flywaydb/",
                "io/zonky/", "org/elasticmq/", "software/amazon/awssdk/services/sqs/", "org/junit/")) {
            assertThat(entries).as("nothing under " + absent).noneMatch(entry -> entry.startsWith(absent));
        }
        assertThat(Files.size(LAMBDA_JAR)).as("the Lambda package stays lean").isLessThan(15L * 1024 * 1024);
    }
}

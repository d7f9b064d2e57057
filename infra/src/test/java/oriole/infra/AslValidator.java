package oriole.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * AWS's Amazon States Language validator (the npm package asl-validator, pinned in infra/asl), run with node on
 * a definition. Not installed, the test that asks for it is skipped and says how to install it; in CI
 * ({@code CI=true}, where .ci/run installs it) its absence fails the test instead.
 */
final class AslValidator {

    static final Path SCRIPT = Path.of("asl", "node_modules", "asl-validator", "dist", "bin", "asl-validator.js");
    static final String INSTALL = "npm ci --prefix infra/asl";

    private AslValidator() {
    }

    /** Validates {@code definition} (ASL JSON); the validator's report when it refuses it. */
    static void assertValid(String definition, String name) throws Exception {
        assertValid(SCRIPT, "true".equals(System.getenv("CI")), definition, name);
    }

    static void assertValid(Path script, boolean inCi, String definition, String name) throws Exception {
        if (!Files.isRegularFile(script)) {
            String missing = "asl-validator is not installed (" + script + "): run '" + INSTALL + "' from the repository's root";
            assertThat(inCi).as("in CI the validator must run: " + missing).isFalse();
            Assumptions.abort(missing);
        }
        Path file = Files.createTempFile(name, ".asl.json");
        Files.writeString(file, definition);
        Process node = new ProcessBuilder("node", script.toString(), "--json-path", file.toString())
                .redirectErrorStream(true).start();
        String report = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("asl-validator finished").isTrue();
        assertThat(node.exitValue()).as(name + ": " + report).isZero();
        assertThat(report).contains("is valid");
    }
}

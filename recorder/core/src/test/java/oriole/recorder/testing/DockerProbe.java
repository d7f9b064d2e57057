package oriole.recorder.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, asked of Testcontainers only where one could: with no DOCKER_HOST and no
 * socket, its probe would only log a page of ERROR lines before saying no.
 */
public final class DockerProbe {

    private DockerProbe() {
    }

    public static boolean answers() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean somewhereToAsk = (dockerHost != null && !dockerHost.isBlank())
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!somewhereToAsk) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }
}

package oriole.recorder.cli;

import java.net.URI;
import oriole.recorder.reconcile.ExecutionDescriber;
import oriole.recorder.reconcile.RateLimiter;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Where Step Functions is and how fast it may be asked. */
public final class StepFunctionsOptions {

    @Option(names = "--endpoint", paramLabel = "URL", description = "Step Functions endpoint override (default: AWS; region and credentials from the SDK's default chain)")
    URI endpoint;

    @Option(names = "--rate", defaultValue = "10", description = "Step Functions calls per second at most (default: ${DEFAULT-VALUE})")
    double rate;

    /** AWS credentials and region are there (checked before any work), unless a local endpoint is used. */
    void requireAws() {
        if (endpoint == null) {
            AwsEndpoint.requireCredentialsAndRegion();
        }
    }

    SfnClient client() {
        return AwsEndpoint.build(ExecutionDescriber.clientBuilder(), endpoint);
    }

    RateLimiter limiter() {
        return new RateLimiter(rate);
    }
}

package oriole.recorder.cli;

import java.net.URI;
import oriole.recorder.reconcile.ExecutionDescriber;
import oriole.recorder.reconcile.RateLimiter;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Where the AWS services are (Step Functions, CloudWatch Logs) and how fast Step Functions may be asked. */
public final class StepFunctionsOptions {

    @Option(names = "--endpoint", paramLabel = "URL", description = "Endpoint override for every AWS service the command calls (Step Functions, CloudWatch Logs)"
            + " (default: AWS; region and credentials from the SDK's default chain)")
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

    /** Another service's client, at the same endpoint. */
    <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B builder) {
        return AwsEndpoint.build(builder, endpoint);
    }

    RateLimiter limiter() {
        return new RateLimiter(rate);
    }
}

package oriole.recorder.cli;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * An AWS client aimed at a local endpoint (ElasticMQ, LocalStack, a test server): region and credentials
 * from the SDK's default chains when there are some, otherwise us-east-1 and placeholder credentials,
 * which local endpoints accept. Without an endpoint the client is left to the default chains.
 */
final class AwsEndpoint {

    private AwsEndpoint() {
    }

    static <B extends AwsClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
        if (endpoint == null) {
            requireCredentialsAndRegion();
            return builder.build();
        }
        Region region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException noRegion) {
            region = Region.US_EAST_1;
        }
        return builder.endpointOverride(endpoint).region(region)
                .credentialsProvider(AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))))
                .build();
    }

    /**
     * Before any work against AWS: one line saying what is missing and how to provide it, instead of a
     * provider-chain dump per call (exit 2).
     */
    static void requireCredentialsAndRegion() {
        try {
            DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException noRegion) {
            throw new CommandFailure("no AWS region: set AWS_REGION (or a region in ~/.aws/config for AWS_PROFILE)");
        }
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (SdkClientException noCredentials) {
            throw new CommandFailure("no AWS credentials: set AWS_PROFILE (after aws sso login or aws configure), or"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available");
        }
    }
}

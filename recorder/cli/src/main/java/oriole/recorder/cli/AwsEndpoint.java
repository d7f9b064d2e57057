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
}

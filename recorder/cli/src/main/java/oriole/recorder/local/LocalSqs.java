package oriole.recorder.local;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An in-process SQS (ElasticMQ, spoken to with the AWS SDK's own SQS client) holding a status queue set up
 * like the deployed one: a visibility timeout, and a redrive policy to a dead-letter queue after
 * {@code maxReceiveCount} receives.
 */
public final class LocalSqs implements AutoCloseable {

    public static final String STATUS_QUEUE = "oriole-execution-status";
    public static final String DEAD_LETTER_QUEUE = "oriole-execution-status-dlq";

    private final SQSRestServer server;
    private final SqsClient client;
    private final String statusQueueUrl;
    private final String deadLetterQueueUrl;
    private final URI endpoint;

    private LocalSqs(SQSRestServer server, URI endpoint, SqsClient client, String statusQueueUrl,
            String deadLetterQueueUrl) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client;
        this.statusQueueUrl = statusQueueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    public static LocalSqs start(int visibilityTimeoutSeconds, int maxReceiveCount) {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        SqsClient client = client(endpoint);
        Queues queues = createQueues(client, visibilityTimeoutSeconds, maxReceiveCount);
        return new LocalSqs(server, endpoint, client, queues.statusQueueUrl(), queues.deadLetterQueueUrl());
    }

    public record Queues(String statusQueueUrl, String deadLetterQueueUrl) {
    }

    /** The status queue and its dead-letter queue (14 days retention), on any SQS endpoint. */
    public static Queues createQueues(SqsClient client, int visibilityTimeoutSeconds, int maxReceiveCount) {
        String dlq = client.createQueue(r -> r.queueName(DEAD_LETTER_QUEUE)
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = client.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String status = client.createQueue(r -> r.queueName(STATUS_QUEUE).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")))
                .queueUrl();
        return new Queues(status, dlq);
    }

    /** An SDK client for a local endpoint: any credentials do. */
    public static SqsClient client(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    public SqsClient client() {
        return client;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String statusQueueUrl() {
        return statusQueueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}

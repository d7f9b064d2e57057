package oriole.recorder.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import oriole.recorder.contract.DemoWorkflowContract;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * The starter, fed by the experiment queue (batches, {@code ReportBatchItemFailures}): one Standard execution of
 * {@code DEMO_STATE_MACHINE_ARN} per message ({@link ExperimentStart}). A message it cannot start is reported
 * failed alone; SQS delivers it again and, after a few tries, keeps it in the experiment dead-letter queue. A
 * message delivered again after its execution ended finds that execution under its name (Step Functions answers
 * ExecutionAlreadyExists): it was started, so it is done.
 */
public final class ExperimentStarterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stateMachineArn;
    private final Supplier<SfnClient> clients;
    private SfnClient client;

    public ExperimentStarterHandler() {
        this(System.getenv(DemoWorkflowContract.STATE_MACHINE_ARN),
                () -> SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }

    ExperimentStarterHandler(String stateMachineArn, Supplier<SfnClient> clients) {
        if (stateMachineArn == null || stateMachineArn.isBlank()) {
            throw new IllegalStateException("set " + DemoWorkflowContract.STATE_MACHINE_ARN);
        }
        this.stateMachineArn = stateMachineArn;
        this.clients = clients;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("messageId", message.getMessageId());
            try {
                ExperimentStart start = ExperimentStart.of(message.getMessageId(), message.getBody(), JSON);
                StartExecutionResponse started = client().startExecution(request -> request.stateMachineArn(stateMachineArn)
                        .name(start.executionName()).input(start.input()));
                line.put("message", "execution started");
                line.put("executionArn", started.executionArn());
            } catch (ExecutionAlreadyExistsException e) {
                line.put("message", "execution already started");
                line.put("reason", e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            } catch (RuntimeException e) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
                line.put("message", "experiment not started");
                line.put("reason", e.getMessage());
            }
            System.out.println(json(line));
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private SfnClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    private static String json(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (Exception e) {
            return String.valueOf(line);
        }
    }
}

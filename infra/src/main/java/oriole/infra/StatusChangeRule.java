package oriole.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.constructs.Construct;

/**
 * The EventBridge rule that forwards every Execution Status Change of the watched state machines to the
 * status queue, retrying for EventBridge's maximum (24 h, 185 attempts) and keeping what it could not
 * deliver in a dead-letter queue. The SQS target adds the queue policy that lets only this rule send.
 */
public final class StatusChangeRule extends Construct {

    public static final String SOURCE = "aws.states";
    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";

    private final Rule rule;

    public StatusChangeRule(Construct scope, String id, StackSettings settings, StatusQueues queues) {
        super(scope, id);
        Object stateMachines = settings.stateMachineNamePrefix().isEmpty()
                ? settings.watchedStateMachineArns()
                : List.of(Map.of("prefix", settings.stateMachineArnPrefix()));
        rule = Rule.Builder.create(this, "Rule")
                .description("Step Functions execution status changes of the watched state machines, to the recorder's queue")
                .eventPattern(EventPattern.builder()
                        .source(List.of(SOURCE))
                        .detailType(List.of(DETAIL_TYPE))
                        .detail(Map.of("stateMachineArn", stateMachines))
                        .build())
                .build();
        rule.addTarget(SqsQueue.Builder.create(queues.statusQueue())
                .deadLetterQueue(queues.ruleDeadLetterQueue())
                .retryAttempts(185)
                .maxEventAge(Duration.hours(24))
                .build());
    }

    public Rule rule() {
        return rule;
    }
}

package oriole.infra;

import java.util.ArrayList;
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
 * A watched state machine's Distributed Map child executions are watched with it: their
 * {@code stateMachineArn} is {@code <parent ARN>/<map label>}. Express workflows emit no status changes at all.
 */
public final class StatusChangeRule extends Construct {

    public static final String SOURCE = "aws.states";
    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";

    private final Rule rule;

    public StatusChangeRule(Construct scope, String id, StackSettings settings, StatusQueues queues) {
        super(scope, id);
        rule = Rule.Builder.create(this, "Rule")
                .description("Step Functions execution status changes of the watched state machines, to the recorder's queue")
                .eventPattern(EventPattern.builder()
                        .source(List.of(SOURCE))
                        .detailType(List.of(DETAIL_TYPE))
                        .detail(Map.of("stateMachineArn", stateMachineArns(settings)))
                        .build())
                .build();
        rule.addTarget(SqsQueue.Builder.create(queues.statusQueue())
                .deadLetterQueue(queues.ruleDeadLetterQueue())
                .retryAttempts(185)
                .maxEventAge(Duration.hours(24))
                .build());
    }

    /**
     * Each watched ARN exactly, and its Distributed Map children by the prefix {@code ARN/}: the slash keeps
     * {@code oriole-maze-experiment-v2} out when {@code oriole-maze-experiment} is watched. A name prefix
     * already covers its state machines' children.
     */
    static List<Object> stateMachineArns(StackSettings settings) {
        List<Object> values = new ArrayList<>();
        for (String arn : settings.watchedStateMachineArns()) {
            values.add(arn);
            values.add(Map.of("prefix", arn + "/"));
        }
        if (!settings.stateMachineNamePrefix().isEmpty()) {
            values.add(Map.of("prefix", settings.stateMachineArnPrefix()));
        }
        return values;
    }

    public Rule rule() {
        return rule;
    }
}

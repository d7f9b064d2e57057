package oriole.recorder.reconcile;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.store.StatusStore;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * Records executions that never reached the table: every execution of a state machine (ListExecutions,
 * newest first, page by page, down to {@code since}) that has no row with a status is described and applied
 * through the recorder's path. Rows created before tracking, which share the execution's SQS message id,
 * are taken over rather than duplicated.
 */
public final class Backfill {

    private static final int PAGE_SIZE = 100;

    private final SfnClient sfn;
    private final RateLimiter limiter;
    private final ExecutionDescriber describer;
    private final StatusStore store;

    public Backfill(SfnClient sfn, RateLimiter limiter, ExecutionDescriber describer, StatusStore store) {
        this.sfn = sfn;
        this.limiter = limiter;
        this.describer = describer;
        this.store = store;
    }

    public record Result(int listed, int alreadyTracked, int recorded, int notFound) {
    }

    /**
     * @param progress told the number of executions handled so far, after each page
     */
    public Result run(Connection connection, String stateMachineArn, Instant since, IntConsumer progress)
            throws SQLException, InterruptedException {
        int listed = 0;
        int tracked = 0;
        int recorded = 0;
        int notFound = 0;
        String nextToken = null;
        boolean olderThanSince = false;
        do {
            limiter.acquire();
            String token = nextToken;
            ListExecutionsResponse page = sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn)
                    .maxResults(PAGE_SIZE).nextToken(token));
            List<ExecutionListItem> executions = new ArrayList<>();
            for (ExecutionListItem execution : page.executions()) {
                if (since != null && execution.startDate() != null && execution.startDate().isBefore(since)) {
                    olderThanSince = true;
                    break;
                }
                executions.add(execution);
            }
            listed += executions.size();
            Set<String> alreadyTracked = new HashSet<>(Reconciler.query(connection, mapper -> mapper.selectTracked(
                    executions.stream().map(ExecutionListItem::executionArn).toArray(String[]::new))));
            tracked += alreadyTracked.size();
            List<StatusChangeEvent> answers = new ArrayList<>();
            for (ExecutionListItem execution : executions) {
                if (alreadyTracked.contains(execution.executionArn())) {
                    continue;
                }
                var answer = describer.describe(execution.executionArn());
                if (answer.isPresent()) {
                    answers.add(answer.get());
                } else {
                    notFound++;
                }
            }
            store.apply(connection, answers);
            recorded += answers.size();
            progress.accept(listed);
            nextToken = page.nextToken();
        } while (nextToken != null && !olderThanSince);
        return new Result(listed, tracked, recorded, notFound);
    }
}

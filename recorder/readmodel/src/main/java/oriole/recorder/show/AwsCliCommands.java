package oriole.recorder.show;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWS CLI commands that look further into one run, as {@code show}, {@code diagnose}, the run page and the
 * API give them. Every value is quoted for the shell by {@link ShellWords}: a pasted command runs the AWS CLI
 * and nothing else, whatever an event put in the name or ARN.
 */
public record AwsCliCommands(String describeExecution, String executionHistory, String logs) {

    /** The commands for a run, or null when it has no ARN; {@code logs} is null without a start or a valid name. */
    public static AwsCliCommands of(String executionArn, String executionName, OffsetDateTime startedAt, String logGroup) {
        if (executionArn == null) {
            return null;
        }
        String arn = ShellWords.quote(executionArn);
        String logs = startedAt == null || !ExecutionNames.valid(executionName) ? null
                : "aws logs tail " + ShellWords.quote(logGroup) + " --since "
                        + DateTimeFormatter.ISO_INSTANT.format(startedAt.toInstant())
                        + " --filter-pattern " + ShellWords.quote("\"" + executionName + "\"");
        return new AwsCliCommands("aws stepfunctions describe-execution --execution-arn " + arn,
                "aws stepfunctions get-execution-history --execution-arn " + arn + " --max-results 10 --reverse-order",
                logs);
    }

    public List<String> list() {
        List<String> commands = new ArrayList<>(List.of(describeExecution, executionHistory));
        if (logs != null) {
            commands.add(logs);
        }
        return List.copyOf(commands);
    }
}

package oriole.recorder.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one command builder: what a forged event puts in a name or an ARN stays a word of an aws command. */
class AwsCliCommandsTest {

    static final OffsetDateTime STARTED = OffsetDateTime.parse("2026-01-01T10:50:00Z");
    static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:";

    /** Names a shell would run something from, unquoted or inside '"…"'. */
    static final List<String> HOSTILE = List.of("x';touch pwned;'", "x;touch pwned", "$(touch pwned)", "`touch pwned`",
            "x' $(touch pwned) '", "x\"; touch pwned; \"", "x'\"'\"'; touch pwned #", "x|tee pwned", "x>pwned", "x&&touch pwned",
            "x\ntouch pwned", "x\\'; touch pwned; '", "${IFS}touch${IFS}pwned", "x';echo hi>pwned;'", "!touch", "x\u202Etouch pwned",
            "~/pwned", "'", "''", "\\", "x' ; : > pwned ; '");

    @Test
    void aPlainNameReadsAsBefore() {
        AwsCliCommands commands = AwsCliCommands.of(ARN + "exp-0006-lambda-timeout", "exp-0006-lambda-timeout", STARTED,
                "/aws/lambda/oriole-agent");

        assertThat(commands.list()).containsExactly(
                "aws stepfunctions describe-execution --execution-arn " + ARN + "exp-0006-lambda-timeout",
                "aws stepfunctions get-execution-history --execution-arn " + ARN + "exp-0006-lambda-timeout --max-results 10 --reverse-order",
                "aws logs tail /aws/lambda/oriole-agent --since 2026-01-01T10:50:00Z --filter-pattern '\"exp-0006-lambda-timeout\"'");
    }

    @Test
    void hostileNamesAndArnsRunNothingWhenPasted() throws Exception {
        List<String> pasted = new ArrayList<>();
        for (String name : HOSTILE) {
            pasted.addAll(AwsCliCommands.of(ARN + name, name, STARTED, "/aws/lambda/" + name).list());
        }
        PastedCommands.assertOnlyAwsRuns(pasted);
    }

    @Test
    void randomTextRunsNothingWhenPasted() throws Exception {
        Random random = new Random(20);
        String alphabet = "ab ;'\"$`\\|&<>(){}[]#!~*?\n\t%^,:/=+-.";
        List<String> pasted = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(12) + 1; n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = value.toString();
            pasted.addAll(AwsCliCommands.of(ARN + text, text, STARTED, text).list());
        }
        PastedCommands.assertOnlyAwsRuns(pasted);
    }

    @Test
    void onlyNamesStepFunctionsAcceptsGetALogsCommand() {
        assertThat(ExecutionNames.valid("exp-0006-lambda-timeout")).isTrue();
        assertThat(ExecutionNames.valid("实验-ü-1")).as("non-ASCII names are allowed").isTrue();
        assertThat(ExecutionNames.valid("x".repeat(80))).isTrue();
        for (String name : List.of("", "x".repeat(81), "a b", "a;b", "a$b", "a{b", "a}b", "a\"b", "a#b", "a%b", "a\\b", "a^b",
                "a|b", "a~b", "a`b", "a&b", "a,b", "a:b", "a/b", "a<b", "a[b", "a?b", "a*b", "a\u0000b", "a\u007Fb", "a\u202Eb", "a\tb")) {
            assertThat(ExecutionNames.valid(name)).as("'%s'", name).isFalse();
        }
        assertThat(AwsCliCommands.of(ARN + "a;b", "a;b", STARTED, "/aws/lambda/oriole-agent").list())
                .as("no logs command from a name Step Functions would refuse").hasSize(2);
    }
}

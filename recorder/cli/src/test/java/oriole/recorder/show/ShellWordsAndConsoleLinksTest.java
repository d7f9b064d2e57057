package oriole.recorder.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellWordsAndConsoleLinksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '§', textBlock = """
            /aws/lambda/oriole-agent | /aws/lambda/oriole-agent
            1767262802160 | 1767262802160
            "01310c4d-3251-5b9d-ad59-d3cc1223a004" | '"01310c4d-3251-5b9d-ad59-d3cc1223a004"'
            /oriole/agent's logs | '/oriole/agent'\\''s logs'
            $(rm -rf ~) | '$(rm -rf ~)'
            a;b`c` | 'a;b`c`'
            """)
    void aWordIsOneArgumentWhateverItHolds(String word, String quoted) {
        assertThat(ShellWords.quote(word)).isEqualTo(quoted);
    }

    @Test
    void aCommandIsItsWordsQuoted() {
        assertThat(ShellWords.command(List.of("aws", "logs", "filter-log-events", "--filter-pattern", "\"x y\"")))
                .isEqualTo("aws logs filter-log-events --filter-pattern '\"x y\"'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
    }

    @Test
    void controlCharactersAndBrokenTextAreNotTypeable() {
        assertThat(ShellWords.typeable("oriole-agent")).isTrue();
        assertThat(ShellWords.typeable("agent 🦜")).isTrue();
        for (String bad : List.of("a\u001b[31m", "a\nb", "a\u0000", "a\uFFFD", "a\uD800", "a\u009b")) {
            assertThat(ShellWords.typeable(bad)).as(bad).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            aws | arn:aws:states:us-east-1:123456789012:execution:m:e | https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Am%3Ae
            aws-cn | arn:aws-cn:states:cn-north-1:123456789012:execution:m:e | https://cn-north-1.console.amazonaws.cn/states/home?region=cn-north-1#/v2/executions/details/arn%3Aaws-cn%3Astates%3Acn-north-1%3A123456789012%3Aexecution%3Am%3Ae
            aws-us-gov | arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:m:e | https://console.amazonaws-us-gov.com/states/home?region=us-gov-west-1#/v2/executions/details/arn%3Aaws-us-gov%3Astates%3Aus-gov-west-1%3A123456789012%3Aexecution%3Am%3Ae
            """)
    void theConsoleOfTheRunsRegionAndPartition(String partition, String arn, String link) {
        assertThat(ConsoleLinks.execution(arn)).isEqualTo(link);
    }

    @Test
    void logGroupsAreEncodedTheWayTheCloudWatchConsoleReadsThem() {
        assertThat(ConsoleLinks.logGroup("arn:aws:states:us-east-1:123456789012:execution:m:e", "/aws/lambda/oriole-agent"))
                .isEqualTo("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/"
                        + "$252Faws$252Flambda$252Foriole-agent");
        assertThat(ConsoleLinks.execution("not an arn")).isNull();
        assertThat(ConsoleLinks.execution(null)).isNull();
    }
}

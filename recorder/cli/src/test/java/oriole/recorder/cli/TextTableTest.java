package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import oriole.recorder.text.CodePoints;

/** Terminal tables stay readable whatever the values: a long one is cut to the column's width, with a marker. */
class TextTableTest {

    @Test
    void aLongEmojiNameIsCutToTheWidthWithAMarkerAndShortOnesStayWhole() {
        String emoji = "exp-" + "\uD83D\uDE80".repeat(100);
        String table = new TextTable("name", "status").add(emoji, "FAILED").add("exp-1", "SUCCEEDED").toString();

        List<String> lines = table.lines().toList();
        String cut = lines.get(2).substring(0, lines.get(2).indexOf("  FAILED"));
        assertThat(CodePoints.length(cut)).isEqualTo(TextTable.MAX_WIDTH);
        assertThat(cut).startsWith("exp-\uD83D\uDE80").endsWith(TextTable.CUT);
        assertThat(lines.get(3)).startsWith("exp-1 ");
        assertThat(lines).allSatisfy(line -> assertThat(CodePoints.length(line)).isLessThan(TextTable.MAX_WIDTH + 20));
    }

    @Test
    void commandsAreNeverCut() {
        String command = "aws stepfunctions describe-execution --execution-arn arn:aws:states:us-east-1:123456789012:execution:m:n";
        String table = new TextTable("logs").keepWhole(List.of("logs")).add(command).toString();

        assertThat(table).contains(command);
    }
}

package oriole.recorder.cli;

import java.util.ArrayList;
import java.util.List;
import oriole.recorder.text.CodePoints;
import oriole.recorder.text.VisibleText;

/**
 * Left-aligned columns with a dashed rule under the header; null shows as "-". CellText are untrusted text
 * (execution names, errors): control characters are shown escaped, and widths count characters.
 */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable add(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "-" : VisibleText.line(cell.toString()));
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = CodePoints.length(header.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], CodePoints.length(row.get(i)));
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(text, rule, widths);
        for (List<String> row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(i == 0 ? "" : "  ").append(cell).append(" ".repeat(widths[i] - CodePoints.length(cell)));
        }
        text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
}

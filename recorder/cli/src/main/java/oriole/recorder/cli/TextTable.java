package oriole.recorder.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import oriole.recorder.text.CodePoints;
import oriole.recorder.text.VisibleText;

/**
 * Left-aligned columns with a dashed rule under the header; null shows as "-". CellText are untrusted text
 * (execution names, errors): control characters are shown escaped, and widths count characters.
 */
final class TextTable {

    /** The widest a column gets: a longer value is cut, its last character a marker that it was. */
    static final int MAX_WIDTH = 48;
    static final String CUT = "…";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<String> whole = new HashSet<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Columns never cut: commands to copy and paste, which must stay whole. */
    TextTable keepWhole(Collection<String> columns) {
        whole.addAll(columns);
        return this;
    }

    TextTable add(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null ? "-" : VisibleText.line(cells[i].toString());
            row.add(whole.contains(header.get(i)) ? cell : cut(cell));
        }
        rows.add(row);
        return this;
    }

    static String cut(String cell) {
        if (CodePoints.length(cell) <= MAX_WIDTH) {
            return cell;
        }
        return cell.substring(0, cell.offsetByCodePoints(0, MAX_WIDTH - 1)) + CUT;
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

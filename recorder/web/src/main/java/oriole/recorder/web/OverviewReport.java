package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import oriole.recorder.window.Window;

/** {@code report}: the overview read once, written as one self-contained HTML file. */
public final class OverviewReport {

    /** @param empty no run started or ended in the window: the charts are empty (stuck runs aside) */
    public record Written(long bytes, String at, boolean empty) {
    }

    private OverviewReport() {
    }

    public static Written write(String url, Window query, Path out) throws IOException, SQLException {
        ObjectNode overview;
        try (Connection connection = ReadOnlyConnections.open(url)) {
            overview = OverviewQuery.read(query, connection, new ObjectMapper());
        }
        byte[] html = ReportPage.html(query, overview).getBytes(StandardCharsets.UTF_8);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, html);
        boolean empty = overview.path("success_rates").isEmpty() && overview.at("/counts/finished").asLong() == 0;
        return new Written(html.length, overview.path("at").asText(), empty);
    }
}

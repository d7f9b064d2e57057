package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** {@code report}: the overview read once, written as one self-contained HTML file. */
public final class OverviewReport {

    public record Written(long bytes, String at) {
    }

    private OverviewReport() {
    }

    public static Written write(String url, OverviewQuery query, Path out) throws IOException, SQLException {
        ObjectNode overview;
        try (Connection connection = ReadOnlyConnections.open(url)) {
            overview = query.read(connection, new ObjectMapper());
        }
        byte[] html = ReportPage.html(query, overview).getBytes(StandardCharsets.UTF_8);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, html);
        return new Written(html.length, overview.path("at").asText());
    }
}

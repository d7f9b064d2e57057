package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer of the view: a whole body, or a download written as it is read ({@link #download} not null). */
record WebResponse(int status, String contentType, byte[] body, String cacheControl, Map<String, String> headers,
                   Download download) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_STORE = "no-store";
    /** Asset addresses carry their content's hash: a new jar is a new address, so the browser may keep them. */
    private static final String KEEP = "public, max-age=31536000, immutable";

    /** A body written as it is read, holding what it reads with (a connection, a download slot) until closed. */
    interface Download extends AutoCloseable {
        void writeTo(OutputStream out) throws Exception;

        @Override
        void close();
    }

    static WebResponse html(int status, String html) {
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), NO_STORE,
                Map.of(), null);
    }

    static WebResponse json(int status, Object json) {
        return new WebResponse(status, "application/json; charset=utf-8", json.toString().getBytes(StandardCharsets.UTF_8),
                NO_STORE, Map.of(), null);
    }

    static WebResponse asset(Assets file) {
        return new WebResponse(200, file.contentType, file.bytes(), KEEP, Map.of(), null);
    }

    static WebResponse redirect(String location, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Location", location);
        return new WebResponse(303, "text/plain; charset=utf-8", new byte[0], NO_STORE, all, null);
    }

    /** A file the browser saves, written as it is read (its status and headers leave with its first bytes). */
    static WebResponse download(String contentType, String fileName, Download download) {
        return new WebResponse(200, contentType, null, NO_STORE,
                Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""), download);
    }

    /** An error as the asker reads it: JSON for the API, a page with its way back for a person. */
    static WebResponse error(boolean api, int status, String message) {
        if (api) {
            ObjectNode body = JSON.createObjectNode().put("error", message).put("status", status);
            return json(status, body);
        }
        String title = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Token needed";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 503 -> "Unavailable";
            default -> "Error";
        };
        return html(status, PageLayout.page(title, "error", null,
                "<h1>" + title + "</h1>\n<p id=\"error\">" + Html.text(message) + "</p>\n<p><a href=\"/\">Overview</a> · <a href=\"/runs\">Runs</a></p>"));
    }
}

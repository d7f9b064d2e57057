package oriole.recorder.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Map;

/** The files the pages load, all inside the jar: the charting library (a WebJar), the view's script and style. */
enum Assets {
    ECHARTS("echarts.min.js", "META-INF/resources/webjars/echarts/" + Versions.ECHARTS + "/dist/echarts.min.js",
            "text/javascript; charset=utf-8"),
    SCRIPT("oriole.js", "oriole/recorder/web/oriole.js", "text/javascript; charset=utf-8"),
    STYLE("oriole.css", "oriole/recorder/web/oriole.css", "text/css; charset=utf-8");

    private static final Map<String, Assets> BY_NAME = Map.of(ECHARTS.fileName, ECHARTS, SCRIPT.fileName, SCRIPT,
            STYLE.fileName, STYLE);

    final String fileName;
    final String resource;
    final String contentType;
    private volatile byte[] bytes;
    private volatile String version;

    Assets(String fileName, String resource, String contentType) {
        this.fileName = fileName;
        this.resource = resource;
        this.contentType = contentType;
    }

    static Assets named(String fileName) {
        return BY_NAME.get(fileName);
    }

    byte[] bytes() {
        byte[] loaded = bytes;
        if (loaded == null) {
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the jar");
                }
                loaded = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bytes = loaded;
        }
        return loaded;
    }

    /** The address pages link: its content's hash in it, so a browser may keep it as long as it likes. */
    String address() {
        String known = version;
        if (known == null) {
            try {
                known = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()), 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            version = known;
        }
        return "/assets/" + fileName + "?v=" + known;
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The WebJar's version, read from the WebJar's own Maven metadata, so the path follows the pom. */
    static final class Versions {
        static final String ECHARTS = readEchartsVersion();

        private static String readEchartsVersion() {
            try (InputStream in = Assets.class.getClassLoader()
                    .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
                Properties properties = new Properties();
                if (in != null) {
                    properties.load(in);
                }
                String version = properties.getProperty("version");
                if (version == null) {
                    throw new IllegalStateException("the echarts WebJar is missing from the jar");
                }
                return version;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

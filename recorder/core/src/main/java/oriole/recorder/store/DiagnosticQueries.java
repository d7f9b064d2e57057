package oriole.recorder.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.session.Configuration;

/**
 * The queries of {@code db/queries/diagnose-failed-experiments.sql}, the same file psql runs, registered as
 * MyBatis statements {@code diagnose.<name>}. Each {@code -- name:} line starts a query and the comment lines
 * right after it describe it; psql meta-commands are skipped; psql's {@code :'variable'} becomes the bound
 * parameter {@code #{variable}}.
 */
public final class DiagnosticQueries {

    public static final String RESOURCE = "db/queries/diagnose-failed-experiments.sql";
    public static final String NAMESPACE = "diagnose.";

    private static final Pattern PSQL_VARIABLE = Pattern.compile(":'([a-z_]+)'");

    public record Query(String name, String description, String sql) {
    }

    private static volatile List<Query> queries;
    private static volatile boolean registered;

    private DiagnosticQueries() {
    }

    /** The file's queries, read once. */
    public static List<Query> all() {
        List<Query> loaded = queries;
        if (loaded == null) {
            loaded = load();
            queries = loaded;
        }
        return loaded;
    }

    private static List<Query> load() {
        try (InputStream in = DiagnosticQueries.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static List<Query> parse(String file) {
        List<Query> queries = new ArrayList<>();
        String name = null;
        StringBuilder description = new StringBuilder();
        StringBuilder sql = new StringBuilder();
        for (String line : file.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- name:")) {
                addQuery(queries, name, description, sql);
                name = trimmed.substring("-- name:".length()).strip();
                description.setLength(0);
                sql.setLength(0);
            } else if (name != null && trimmed.startsWith("--")) {
                if (sql.length() == 0) {
                    description.append(description.length() == 0 ? "" : " ").append(trimmed.substring(2).strip());
                }
            } else if (name != null && !trimmed.startsWith("\\") && !trimmed.isEmpty()) {
                sql.append(line).append('\n');
            }
        }
        addQuery(queries, name, description, sql);
        return queries;
    }

    private static void addQuery(List<Query> queries, String name, StringBuilder description, StringBuilder sql) {
        if (name != null) {
            String text = sql.toString().strip();
            if (text.endsWith(";")) {
                text = text.substring(0, text.length() - 1);
            }
            queries.add(new Query(name, description.toString(), PSQL_VARIABLE.matcher(text).replaceAll("#{$1}")));
        }
    }

    /**
     * Adds every query as a SELECT returning one ordered map per row, on first use only: the recorder
     * Lambda never runs them, so its cold start does not read this file.
     */
    static synchronized void registerOnce(Configuration configuration) {
        if (registered) {
            return;
        }
        XMLLanguageDriver language = new XMLLanguageDriver();
        for (Query query : all()) {
            String id = NAMESPACE + query.name();
            SqlSource source = language.createSqlSource(configuration, query.sql(), java.util.Map.class);
            ResultMap rows = new ResultMap.Builder(configuration, id + "-rows", LinkedHashMap.class, List.of()).build();
            configuration.addMappedStatement(new MappedStatement.Builder(configuration, id, source, SqlCommandType.SELECT)
                    .resultMaps(List.of(rows))
                    .build());
        }
        registered = true;
    }
}

package oriole.recorder.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import oriole.recorder.show.RunDetails;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.FailureKind;
import oriole.recorder.store.MyBatisSessions;

/**
 * One page of experiments, newest first, with the filters of the runs page. Paged by key ({@code before}: the
 * last id of the previous page), so every page is an index range whatever the table's size, never an OFFSET. The
 * SQL is {@code RunsMapper.xml}.
 *
 * @param model       null: any; {@link #MISSING_MODEL}: the runs without one (the heat map's row of that name)
 * @param temperature null: any; see {@code temperatureMissing}
 */
record RunsQuery(String status, String kind, String model, BigDecimal temperature, boolean temperatureMissing,
                 String search, Long before, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final String NO_EVENTS = "NO_EVENTS";
    /** How the diagnostic queries name a missing model, so a click on that heat-map row finds its runs. */
    static final String MISSING_MODEL = "(unknown)";
    static final String MISSING_TEMPERATURE = "none";
    static final List<String> STATUSES = Stream.concat(Arrays.stream(ExecutionStatus.values()).map(Enum::name),
            Stream.of(NO_EVENTS)).toList();
    static final List<String> KINDS = Arrays.stream(FailureKind.values()).map(Enum::name).toList();

    private static final String MAPPER = "oriole/recorder/web/RunsMapper.xml";
    private static final String SELECT_PAGE = "oriole.recorder.web.RunsMapper.selectPage";
    /** The last code point: every name that starts with q sorts below q followed by it. */
    private static final String HIGHEST = new String(Character.toChars(Character.MAX_CODE_POINT));

    /** A page of runs and the key of the next one (null on the last page). */
    record Page(List<Map<String, Object>> runs, Long nextBefore) {
    }

    static RunsQuery from(RequestParameters parameters) {
        String temperature = parameters.text("temperature");
        boolean temperatureMissing = MISSING_TEMPERATURE.equals(temperature);
        return new RunsQuery(parameters.oneOf("status", STATUSES), parameters.oneOf("kind", KINDS),
                parameters.text("model"), temperatureMissing ? null : parameters.decimal("temperature"),
                temperatureMissing, parameters.text("q"),
                parameters.has("before") ? parameters.whole("before", 1, Long.MAX_VALUE, 0) : null,
                (int) parameters.whole("limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
    }

    /** The address of this query's page that starts after {@code before} (null: the first page), under {@code base}. */
    String address(String base, Long before) {
        Map<String, String> parameters = filters();
        if (limit != DEFAULT_LIMIT) {
            parameters.put("limit", Integer.toString(limit));
        }
        if (before != null) {
            parameters.put("before", before.toString());
        }
        return withQuery(base, parameters);
    }

    /** Every run these filters match as one CSV file: the filters without the paging. */
    String csvAddress() {
        return withQuery(RunsCsv.ADDRESS, filters());
    }

    private static String withQuery(String base, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? base : base + "?" + query;
    }

    /** The temperature filter as the form shows it. */
    String temperatureText() {
        return temperatureMissing ? MISSING_TEMPERATURE : temperature == null ? null : temperature.toPlainString();
    }

    private Map<String, String> filters() {
        Map<String, String> filters = new LinkedHashMap<>();
        putIfSet(filters, "status", status);
        putIfSet(filters, "kind", kind);
        putIfSet(filters, "model", model);
        putIfSet(filters, "temperature", temperatureText());
        putIfSet(filters, "q", search);
        return filters;
    }

    /**
     * The filters as the statements' parameters (ExportMapper.xml's runFilters): the runs page's and the CSV's,
     * so a filter means the same runs in both.
     */
    Map<String, Object> filterParameters() {
        Map<String, Object> bound = new HashMap<>();
        bound.put("noEvents", NO_EVENTS.equals(status));
        bound.put("status", NO_EVENTS.equals(status) ? null : status);
        bound.put("kind", kind);
        bound.put("modelMissing", MISSING_MODEL.equals(model));
        bound.put("model", MISSING_MODEL.equals(model) ? null : model);
        bound.put("temperatureMissing", temperatureMissing);
        bound.put("temperature", temperature);
        bound.put("search", search);
        bound.put("searchId", search != null && search.matches("\\d{1,18}") ? Long.valueOf(search) : null);
        bound.put("searchUpperBound", search == null ? null : search + HIGHEST);
        return bound;
    }

    Page read(Connection connection) {
        SqlSessionFactory factory = MyBatisSessions.factory();
        registerOnce(factory.getConfiguration());
        Map<String, Object> bound = filterParameters();
        bound.put("before", before);
        bound.put("fetch", limit + 1);
        List<Map<String, Object>> runs = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now();
        try (SqlSession session = factory.openSession(connection)) {
            for (Map<String, Object> row : session.<Map<String, Object>>selectList(SELECT_PAGE, bound)) {
                Map<String, Object> run = new LinkedHashMap<>(row);
                run.put("duration", RunDetails.duration(time(row.get("started_at")), time(row.get("completed_at")), now));
                runs.add(run);
            }
        }
        Long next = null;
        if (runs.size() > limit) {
            runs.remove(runs.size() - 1);
            next = ((Number) runs.get(runs.size() - 1).get("id")).longValue();
        }
        return new Page(runs, next);
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof java.sql.Timestamp time) {
            return Instant.ofEpochMilli(time.getTime()).atOffset(java.time.ZoneOffset.UTC);
        }
        return null;
    }

    private static synchronized void registerOnce(Configuration configuration) {
        if (configuration.hasStatement(SELECT_PAGE, false)) {
            return;
        }
        try (InputStream xml = RunsQuery.class.getClassLoader().getResourceAsStream(MAPPER)) {
            if (xml == null) {
                throw new IllegalStateException(MAPPER + " is missing from the jar");
            }
            new XMLMapperBuilder(xml, configuration, MAPPER, configuration.getSqlFragments()).parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIfSet(Map<String, String> filters, String name, String value) {
        if (value != null) {
            filters.put(name, value);
        }
    }
}

package oriole.recorder.web;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One page of experiments, newest first, with the filters of the runs page. Paged by key ({@code before}: the
 * last id of the previous page), so every page is an index range whatever the table's size, never an OFFSET.
 */
record RunsQuery(String status, String kind, String model, BigDecimal temperature, String search, Long before, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final List<String> STATUSES = List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
            "PENDING_REDRIVE", "NO_EVENTS");
    static final List<String> KINDS = List.of("TIMEOUT", "OUT_OF_MEMORY", "NETWORK", "CRASH", "ABORTED", "UNKNOWN");

    /** A page of runs and the key of the next one (null on the last page). */
    record Page(List<Map<String, Object>> runs, Long nextBefore) {
    }

    static RunsQuery from(Map<String, String> parameters) {
        String status = blankToNull(parameters.get("status"));
        String kind = blankToNull(parameters.get("kind"));
        if (status != null && !STATUSES.contains(status)) {
            throw new BadRequest("status must be one of " + STATUSES);
        }
        if (kind != null && !KINDS.contains(kind)) {
            throw new BadRequest("kind must be one of " + KINDS);
        }
        try {
            String temperature = blankToNull(parameters.get("temperature"));
            String before = blankToNull(parameters.get("before"));
            String limit = blankToNull(parameters.get("limit"));
            int pageSize = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
            if (pageSize < 1 || pageSize > MAX_LIMIT) {
                throw new BadRequest("limit must be between 1 and " + MAX_LIMIT);
            }
            return new RunsQuery(status, kind, blankToNull(parameters.get("model")),
                    temperature == null ? null : new BigDecimal(temperature), blankToNull(parameters.get("q")),
                    before == null ? null : Long.parseLong(before), pageSize);
        } catch (NumberFormatException e) {
            throw new BadRequest("temperature, before and limit are numbers");
        }
    }

    /** The address of this query's page that starts after {@code before} (null: the first page), under {@code base}. */
    String address(String base, Long before) {
        Map<String, String> parameters = filters();
        if (before != null) {
            parameters.put("before", before.toString());
        }
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? base : base + "?" + query;
    }

    /** The filters as query parameters. */
    private Map<String, String> filters() {
        Map<String, String> filters = new LinkedHashMap<>();
        putIfSet(filters, "status", status);
        putIfSet(filters, "kind", kind);
        putIfSet(filters, "model", model);
        putIfSet(filters, "temperature", temperature == null ? null : temperature.toPlainString());
        putIfSet(filters, "q", search);
        if (limit != DEFAULT_LIMIT) {
            filters.put("limit", Integer.toString(limit));
        }
        return filters;
    }

    Page read(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT id, execution_name, execution_arn, execution_status, last_error ->> 'kind' AS kind, model_name,
                       temperature, goal_found, started_at, completed_at
                  FROM experiments
                 WHERE true""");
        List<Object> values = new ArrayList<>();
        if ("NO_EVENTS".equals(status)) {
            sql.append(" AND execution_status IS NULL");
        } else if (status != null) {
            sql.append(" AND execution_status = ?");
            values.add(status);
        }
        if (kind != null) {
            sql.append(" AND coalesce(last_error ->> 'kind', 'UNKNOWN') = ?"
                    + " AND execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')");
            values.add(kind);
        }
        if (model != null) {
            sql.append(" AND model_name = ?");
            values.add(model);
        }
        if (temperature != null) {
            sql.append(" AND temperature = ?");
            values.add(temperature);
        }
        if (search != null) {
            // An exact name, ARN or id finds its rows by index; otherwise the start of a name.
            sql.append(" AND (execution_name = ? OR execution_arn = ? OR id::text = ? OR starts_with(execution_name, ?))");
            values.addAll(List.of(search, search, search, search));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            values.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        values.add(limit + 1);
        List<Map<String, Object>> runs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("id", rows.getLong("id"));
                    run.put("execution_name", rows.getString("execution_name"));
                    run.put("execution_arn", rows.getString("execution_arn"));
                    run.put("status", rows.getString("execution_status"));
                    run.put("kind", rows.getString("kind"));
                    run.put("model_name", rows.getString("model_name"));
                    run.put("temperature", rows.getBigDecimal("temperature"));
                    run.put("goal_found", rows.getObject("goal_found"));
                    run.put("started_at", rows.getObject("started_at", OffsetDateTime.class));
                    run.put("completed_at", rows.getObject("completed_at", OffsetDateTime.class));
                    runs.add(run);
                }
            }
        }
        connection.commit();
        Long next = null;
        if (runs.size() > limit) {
            runs.remove(runs.size() - 1);
            next = (Long) runs.get(runs.size() - 1).get("id");
        }
        return new Page(runs, next);
    }

    private static void putIfSet(Map<String, String> filters, String name, String value) {
        if (value != null) {
            filters.put(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

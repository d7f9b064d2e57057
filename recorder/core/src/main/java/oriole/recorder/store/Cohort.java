package oriole.recorder.store;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of one model, one temperature, or one model at one temperature: one side of diagnose --compare (and of the
 * web view's compare), written {@code model=NAME}, {@code temperature=0.7} or both joined by {@code +}
 * ({@code model=NAME+temperature=0.7}). A temperature matches exactly (0.7 is 0.70, never 0.69); a value is at most
 * 200 characters. As on the heat map and the runs page, {@code model=(unknown)} is the runs without a model and
 * {@code temperature=none} those without a temperature. A model's name may hold a {@code +}: only {@code +model=}
 * and {@code +temperature=} join two conditions.
 *
 * @param model       null: any model (or none, with {@code withoutModel})
 * @param temperature null: any temperature (or none, with {@code withoutTemperature})
 */
public record Cohort(String model, BigDecimal temperature, boolean withoutModel, boolean withoutTemperature) {

    static final int LONGEST_VALUE = 200;
    /** How the heat map names the runs without a model, and the runs page's filter for them. */
    public static final String UNKNOWN_MODEL = "(unknown)";
    public static final String NO_TEMPERATURE = "none";
    private static final String CONDITIONS = "\\+(?=\\s*(model|temperature)\\s*=)";

    /** A model, a temperature, or both; null: any. */
    public Cohort(String model, BigDecimal temperature) {
        this(model, temperature, false, false);
    }

    /** The two cohorts of {@code first,second}; a wrong spelling is an IllegalArgumentException saying the form. */
    public static List<Cohort> pair(String text) {
        String[] sides = text.split(",", -1);
        if (sides.length != 2) {
            throw new IllegalArgumentException("--compare takes two cohorts, e.g. model=A,model=B or"
                    + " model=A+temperature=0.7,model=B+temperature=0.7; got '" + text + "'");
        }
        return List.of(parse(sides[0]), parse(sides[1]));
    }

    /** One cohort, {@code model=A+temperature=0.7}; a wrong spelling is an IllegalArgumentException saying the form. */
    public static Cohort parse(String text) {
        String model = null;
        BigDecimal temperature = null;
        boolean withoutModel = false;
        boolean withoutTemperature = false;
        for (String condition : text.split(CONDITIONS, -1)) {
            int equals = condition.indexOf('=');
            String key = equals < 0 ? condition : condition.substring(0, equals).strip();
            String value = equals < 0 ? "" : condition.substring(equals + 1).strip();
            if (value.isEmpty() || value.length() > LONGEST_VALUE) {
                throw new IllegalArgumentException("a cohort is model=NAME, temperature=NUMBER or both joined by +;"
                        + " got '" + text + "'");
            }
            switch (key) {
                case "model" -> {
                    withoutModel = value.equals(UNKNOWN_MODEL);
                    model = withoutModel ? null : value;
                }
                case "temperature" -> {
                    withoutTemperature = value.equals(NO_TEMPERATURE);
                    temperature = withoutTemperature ? null : temperature(value, text);
                }
                default -> throw new IllegalArgumentException("a cohort is model=NAME, temperature=NUMBER or both"
                        + " joined by +; '" + key + "' is neither (in '" + text + "')");
            }
        }
        return new Cohort(model, temperature, withoutModel, withoutTemperature);
    }

    private static BigDecimal temperature(String value, String text) {
        try {
            BigDecimal temperature = new BigDecimal(value);
            if (temperature.precision() - temperature.scale() > 6 || temperature.scale() > 6) {
                throw new NumberFormatException("out of range");
            }
            return temperature;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("temperature is a number like 0.7 (at most six digits each side of the"
                    + " point); got '" + value + "' in '" + text + "'");
        }
    }

    /** How the cohort reads in a report: {@code model=A temperature=0.7}. */
    public String label() {
        StringBuilder label = new StringBuilder();
        if (model != null || withoutModel) {
            label.append("model=").append(withoutModel ? UNKNOWN_MODEL : model);
        }
        if (temperature != null || withoutTemperature) {
            label.append(label.isEmpty() ? "" : " ").append("temperature=")
                    .append(withoutTemperature ? NO_TEMPERATURE : temperature.toPlainString());
        }
        return label.toString();
    }

    Map<String, Object> asParameter() {
        Map<String, Object> parameter = new HashMap<>();
        parameter.put("model", model);
        parameter.put("temperature", temperature);
        parameter.put("withoutModel", withoutModel);
        parameter.put("withoutTemperature", withoutTemperature);
        return parameter;
    }
}

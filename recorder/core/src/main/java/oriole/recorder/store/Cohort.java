package oriole.recorder.store;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of one model, one temperature, or one model at one temperature: one side of diagnose --compare, written
 * {@code model=NAME}, {@code temperature=0.7} or both joined by {@code +} ({@code model=NAME+temperature=0.7}).
 * A temperature matches exactly (0.7 is 0.70, never 0.69); a value is at most 200 characters.
 */
public record Cohort(String model, BigDecimal temperature) {

    static final int LONGEST_VALUE = 200;

    /** The two cohorts of {@code first,second}; a wrong spelling is an IllegalArgumentException saying the form. */
    public static List<Cohort> pair(String text) {
        String[] sides = text.split(",", -1);
        if (sides.length != 2) {
            throw new IllegalArgumentException("--compare takes two cohorts, e.g. model=A,model=B or"
                    + " model=A+temperature=0.7,model=B+temperature=0.7; got '" + text + "'");
        }
        return List.of(parse(sides[0]), parse(sides[1]));
    }

    static Cohort parse(String text) {
        String model = null;
        BigDecimal temperature = null;
        for (String condition : text.split("\\+", -1)) {
            int equals = condition.indexOf('=');
            String key = equals < 0 ? condition : condition.substring(0, equals).strip();
            String value = equals < 0 ? "" : condition.substring(equals + 1).strip();
            if (value.isEmpty() || value.length() > LONGEST_VALUE) {
                throw new IllegalArgumentException("a cohort is model=NAME, temperature=NUMBER or both joined by +;"
                        + " got '" + text + "'");
            }
            switch (key) {
                case "model" -> model = value;
                case "temperature" -> temperature = temperature(value, text);
                default -> throw new IllegalArgumentException("a cohort is model=NAME, temperature=NUMBER or both"
                        + " joined by +; '" + key + "' is neither (in '" + text + "')");
            }
        }
        return new Cohort(model, temperature);
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
        if (model != null) {
            label.append("model=").append(model);
        }
        if (temperature != null) {
            label.append(label.isEmpty() ? "" : " ").append("temperature=").append(temperature.toPlainString());
        }
        return label.toString();
    }

    Map<String, Object> asParameter() {
        Map<String, Object> parameter = new HashMap<>();
        parameter.put("model", model);
        parameter.put("temperature", temperature);
        return parameter;
    }
}

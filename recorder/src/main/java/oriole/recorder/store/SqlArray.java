package oriole.recorder.store;

import java.math.BigDecimal;

/**
 * One column of a batch bound as a PostgreSQL array parameter: the values and the element type the unnest
 * statements cast to. Equal only to itself: MyBatis hashes every parameter into a local-cache key before
 * each query, and hashing the values (whole event bodies, about 1 KB each) costs more than binding them.
 */
public final class SqlArray {

    private final String elementType;
    private final Object[] values;

    private SqlArray(String elementType, Object[] values) {
        this.elementType = elementType;
        this.values = values;
    }

    public static SqlArray text(String[] values) {
        return new SqlArray("text", values);
    }

    public static SqlArray int4(Integer[] values) {
        return new SqlArray("int4", values);
    }

    public static SqlArray int8(Long[] values) {
        return new SqlArray("int8", values);
    }

    public static SqlArray bool(Boolean[] values) {
        return new SqlArray("bool", values);
    }

    public static SqlArray numeric(BigDecimal[] values) {
        return new SqlArray("numeric", values);
    }

    /** PostgreSQL's name for the element type, as {@code Connection.createArrayOf} takes it. */
    public String elementType() {
        return elementType;
    }

    public Object[] values() {
        return values;
    }
}

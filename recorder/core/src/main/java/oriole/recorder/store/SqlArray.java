package oriole.recorder.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * Java values bound as one PostgreSQL array parameter, of the element type PostgreSQL itself names (text[],
 * int4[], ...): the types the statements cast to. MyBatis' own ArrayTypeHandler asks the driver for JDBC
 * names (VARCHAR, INTEGER) that it must first translate. Equal only to itself: MyBatis hashes every
 * parameter into a local-cache key before each query, and hashing the values (whole event bodies, about
 * 1 KB each) costs more than binding them.
 */
public final class SqlArray {

    private static final Map<Class<?>, String> ELEMENT_TYPES = Map.of(String.class, "text", Integer.class, "int4",
            Long.class, "int8", Boolean.class, "bool", BigDecimal.class, "numeric");

    private final String elementType;
    private final Object[] values;

    private SqlArray(String elementType, Object[] values) {
        this.elementType = elementType;
        this.values = values;
    }

    /** The values as an array of the PostgreSQL type of their Java component type (String: text, Long: int8, ...). */
    public static SqlArray of(Object[] values) {
        String type = ELEMENT_TYPES.get(values.getClass().getComponentType());
        if (type == null) {
            throw new IllegalArgumentException("no PostgreSQL array type for " + values.getClass().getComponentType());
        }
        return new SqlArray(type, values);
    }

    void bind(PreparedStatement statement, int index) throws SQLException {
        statement.setArray(index, statement.getConnection().createArrayOf(elementType, values));
    }

    /** PostgreSQL's name for the element type, as {@code Connection.createArrayOf} takes it. */
    public String elementType() {
        return elementType;
    }

    public Object[] values() {
        return values;
    }
}

package oriole.recorder.store;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Java arrays to and from PostgreSQL arrays: reads the array columns the batch statements return, and binds
 * the ARN lists of the query mappers ({@code = ANY (...::text[])}) as arrays of the element type PostgreSQL
 * itself names (text[], int4[], ...); MyBatis' own ArrayTypeHandler asks the driver for JDBC names (VARCHAR,
 * INTEGER) that it must first translate. The batch statements' parameters are {@link SqlArray}s.
 */
public final class PgArrayTypeHandler extends BaseTypeHandler<Object[]> {

    private static final Map<Class<?>, String> ELEMENT_TYPES = Map.of(String.class, "text", Integer.class, "int4",
            Long.class, "int8", Boolean.class, "bool", BigDecimal.class, "numeric");

    private static String elementType(Class<?> componentType) {
        String type = ELEMENT_TYPES.get(componentType);
        if (type == null) {
            throw new IllegalArgumentException("no PostgreSQL array type for " + componentType);
        }
        return type;
    }

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, Object[] values, JdbcType jdbcType)
            throws SQLException {
        Array array = statement.getConnection().createArrayOf(elementType(values.getClass().getComponentType()), values);
        statement.setArray(index, array);
    }

    @Override
    public Object[] getNullableResult(ResultSet rs, String column) throws SQLException {
        return extract(rs.getArray(column));
    }

    @Override
    public Object[] getNullableResult(ResultSet rs, int column) throws SQLException {
        return extract(rs.getArray(column));
    }

    @Override
    public Object[] getNullableResult(CallableStatement cs, int column) throws SQLException {
        return extract(cs.getArray(column));
    }

    private static Object[] extract(Array array) throws SQLException {
        return array == null ? null : (Object[]) array.getArray();
    }
}

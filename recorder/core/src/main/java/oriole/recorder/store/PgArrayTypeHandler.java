package oriole.recorder.store;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Java arrays to and from PostgreSQL arrays: reads the array columns the batch statements return, and binds
 * plain Java arrays (the ARN lists of the query mappers, {@code = ANY (...::text[])}) as a {@link SqlArray}.
 */
public final class PgArrayTypeHandler extends BaseTypeHandler<Object[]> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, Object[] values, JdbcType jdbcType)
            throws SQLException {
        SqlArray.of(values).bind(statement, index);
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

package oriole.recorder.store;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Binds a {@link SqlArray} parameter; the recorder never reads one back (results are plain Java arrays). */
public final class SqlArrayTypeHandler extends BaseTypeHandler<SqlArray> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, SqlArray array, JdbcType jdbcType)
            throws SQLException {
        array.bind(statement, index);
    }

    @Override
    public SqlArray getNullableResult(ResultSet rs, String column) {
        throw new UnsupportedOperationException("SqlArray is a parameter type");
    }

    @Override
    public SqlArray getNullableResult(ResultSet rs, int column) {
        throw new UnsupportedOperationException("SqlArray is a parameter type");
    }

    @Override
    public SqlArray getNullableResult(CallableStatement cs, int column) {
        throw new UnsupportedOperationException("SqlArray is a parameter type");
    }
}

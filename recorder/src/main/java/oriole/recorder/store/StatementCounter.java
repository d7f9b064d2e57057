package oriole.recorder.store;

import java.sql.Connection;
import java.util.concurrent.atomic.LongAdder;
import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;

/** Counts the SQL statements MyBatis sends, so "statements per batch" is measured, not claimed. */
@Intercepts(@Signature(type = StatementHandler.class, method = "prepare", args = {Connection.class, Integer.class}))
public final class StatementCounter implements Interceptor {

    private static final LongAdder STATEMENTS = new LongAdder();

    /** Statements prepared by this JVM's recorder since it started. */
    public static long total() {
        return STATEMENTS.sum();
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        STATEMENTS.increment();
        return invocation.proceed();
    }
}

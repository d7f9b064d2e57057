package oriole.recorder.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the SQL statements the recorder prepares, at the JDBC boundary, so "statements per batch" is
 * measured, not claimed. A proxy made once per connection: far cheaper than intercepting every MyBatis
 * statement handler.
 */
public final class StatementCounter implements InvocationHandler {

    private static final LongAdder STATEMENTS = new LongAdder();

    private final Connection connection;

    private StatementCounter(Connection connection) {
        this.connection = connection;
    }

    /** Statements prepared on counted connections since this JVM started. */
    public static long total() {
        return STATEMENTS.sum();
    }

    public static Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new StatementCounter(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") || method.getName().equals("prepareCall")) {
            STATEMENTS.increment();
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

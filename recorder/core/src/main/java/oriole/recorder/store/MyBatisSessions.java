package oriole.recorder.store;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Properties;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.datasource.unpooled.UnpooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.managed.ManagedTransactionFactory;
import org.apache.ibatis.type.TypeHandlerRegistry;

/**
 * The MyBatis configuration, built in code (no XML config to parse at cold start) from the mapper XMLs.
 * Sessions always run on a connection the caller owns, {@code factory().openSession(connection)}, which
 * commits or rolls back itself.
 */
public final class MyBatisSessions {

    private static final List<String> MAPPERS = List.of(
            "oriole/recorder/store/ExecutionMapper.xml",
            "oriole/recorder/store/ExperimentQueryMapper.xml",
            "oriole/recorder/store/ExportMapper.xml",
            "oriole/recorder/store/CohortMapper.xml",
            "oriole/recorder/store/HistoryMapper.xml",
            "oriole/recorder/reconcile/ReconcileMapper.xml");

    private static volatile SqlSessionFactory factory;

    private MyBatisSessions() {
    }

    public static SqlSessionFactory factory() {
        SqlSessionFactory built = factory;
        if (built == null) {
            synchronized (MyBatisSessions.class) {
                if (factory == null) {
                    factory = new SqlSessionFactoryBuilder().build(configuration());
                }
                built = factory;
            }
        }
        return built;
    }

    private static Configuration configuration() {
        // The caller owns the connection and its transaction: MyBatis must neither commit, reset auto-commit
        // nor close it (JdbcTransaction closes the connection with the session). The environment's data
        // source is never used.
        ManagedTransactionFactory callerOwnsTheConnection = new ManagedTransactionFactory();
        Properties keepOpen = new Properties();
        keepOpen.setProperty("closeConnection", "false");
        callerOwnsTheConnection.setProperties(keepOpen);
        Configuration configuration = new Configuration(
                new Environment("recorder", callerOwnsTheConnection, new UnpooledDataSource()));
        configuration.setCacheEnabled(false);
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        // A report row keeps its NULL columns (shown as "-"), so every row has every column.
        configuration.setCallSettersOnNulls(true);
        // Java arrays bind as SQL arrays: the parameters of the unnest statements.
        TypeHandlerRegistry handlers = configuration.getTypeHandlerRegistry();
        for (Class<?> arrayType : List.of(String[].class, Integer[].class, Long[].class, Boolean[].class, BigDecimal[].class)) {
            handlers.register(arrayType, PgArrayTypeHandler.class);
        }
        handlers.register(SqlArray.class, SqlArrayTypeHandler.class);
        for (String mapper : MAPPERS) {
            try (InputStream xml = MyBatisSessions.class.getClassLoader().getResourceAsStream(mapper)) {
                if (xml == null) {
                    throw new IllegalStateException(mapper + " is missing from the classpath");
                }
                new XMLMapperBuilder(xml, configuration, mapper, configuration.getSqlFragments()).parse();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + mapper, e);
            }
        }
        return configuration;
    }
}

package oriole.recorder.bench;

import java.sql.SQLException;

/** Schema set-up for benchmark callers outside this package (the cold-start command). */
public final class BenchSchemasAccess {
    private BenchSchemasAccess() {
    }

    public static String fresh(String url, String name) throws SQLException {
        return BenchSchemas.fresh(url, name);
    }

    public static void drop(String url, String name) throws SQLException {
        BenchSchemas.drop(url, name);
    }
}

package oriole.recorder.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.Configuration;
import oriole.recorder.event.EventParser;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.event.InvalidEventException;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.store.ChangeColumns;
import oriole.recorder.store.ChangeFolder;
import oriole.recorder.store.EventColumns;
import oriole.recorder.store.ExecutionChange;
import oriole.recorder.store.ExecutionMapper;
import oriole.recorder.store.MyBatisSessions;

/**
 * Runs the recorder's whole path short of the database on sample events, so a SnapStart snapshot holds a
 * JVM whose classes are loaded and whose parse, fold and MyBatis binding code has already run.
 */
final class SnapStartPriming {

    static final String EVENTS = "oriole/recorder/lambda/priming-events.json";

    private SnapStartPriming() {
    }

    /** Returns how many SQL statements were bound (3 per round), so a test can see the work was done. */
    static int prime(ObjectMapper json, ExperimentProjection projection, int rounds) {
        EventParser parser = new EventParser(json);
        ChangeFolder folder = new ChangeFolder(projection);
        Configuration mybatis = MyBatisSessions.factory().getConfiguration();
        List<String> bodies = sampleBodies(json);
        int bound = 0;
        for (int round = 0; round < rounds; round++) {
            List<StatusChangeEvent> events = new ArrayList<>();
            for (String body : bodies) {
                try {
                    events.add(parser.parse(body));
                } catch (InvalidEventException e) {
                    throw new IllegalStateException("priming event rejected: " + e.getMessage(), e);
                }
            }
            List<ExecutionChange> changes = folder.fold(events);
            EventColumns history = EventColumns.of(events, changes);
            ChangeColumns columns = ChangeColumns.of(changes);
            for (String id : ExecutionMapper.BATCH_STATEMENTS) {
                mybatis.getMappedStatement(id).getBoundSql(id.endsWith("insertEvents") ? history : columns);
                bound++;
            }
        }
        return bound;
    }

    private static List<String> sampleBodies(ObjectMapper json) {
        try (InputStream in = SnapStartPriming.class.getClassLoader().getResourceAsStream(EVENTS)) {
            if (in == null) {
                throw new IllegalStateException(EVENTS + " is missing from the classpath");
            }
            List<String> bodies = new ArrayList<>();
            for (JsonNode event : json.readTree(in)) {
                bodies.add(event.toString());
            }
            return bodies;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + EVENTS, e);
        }
    }
}

package oriole.recorder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import oriole.recorder.contract.DemoWorkflowContract;

/** The handler names the stack deploys are classes Lambda can instantiate (the infra tests read them in demo-lambda.jar). */
class DemoHandlersTest {

    static final List<String> HANDLERS = List.of(DemoWorkflowContract.STARTER_HANDLER, DemoWorkflowContract.START_EXPERIMENT_HANDLER,
            DemoWorkflowContract.RUN_AGENT_HANDLER, DemoWorkflowContract.FINALIZE_EXPERIMENT_HANDLER,
            DemoWorkflowContract.FINALIZE_ON_ERROR_HANDLER);

    @Test
    void everyHandlerTheStackNamesIsAPublicRequestHandlerWithANoArgumentConstructor() throws Exception {
        for (String handler : HANDLERS) {
            assertThat(handler).endsWith("::handleRequest");
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(RequestHandler.class).as(handler).isAssignableFrom(type);
            assertThat(Modifier.isPublic(type.getModifiers()) && Modifier.isPublic(type.getConstructor().getModifiers())).as(handler).isTrue();
        }
    }
}

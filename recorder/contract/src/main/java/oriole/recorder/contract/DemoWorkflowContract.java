package oriole.recorder.contract;

/**
 * What the demo workflow's Lambdas (recorder/demo, demo-lambda.jar) and the stack that deploys them with
 * {@code -c demo=true} share: the handlers' names and the variables the stack sets.
 */
public final class DemoWorkflowContract {

    /** The state machine the starter starts one Standard execution of per experiment message. */
    public static final String STATE_MACHINE_ARN = "DEMO_STATE_MACHINE_ARN";

    public static final String STARTER_HANDLER = "oriole.recorder.demo.ExperimentStarterHandler::handleRequest";
    public static final String START_EXPERIMENT_HANDLER = "oriole.recorder.demo.StartExperimentHandler::handleRequest";
    public static final String RUN_AGENT_HANDLER = "oriole.recorder.demo.RunAgentHandler::handleRequest";
    public static final String FINALIZE_EXPERIMENT_HANDLER = "oriole.recorder.demo.FinalizeExperimentHandler::handleRequest";
    public static final String FINALIZE_ON_ERROR_HANDLER = "oriole.recorder.demo.FinalizeOnErrorHandler::handleRequest";

    private DemoWorkflowContract() {
    }
}

package oriole.recorder.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the starter makes of one experiment message: an execution named by the message's id (so a second
 * delivery of the message finds the execution the first one started instead of starting another), whose input
 * is the message's JSON object with {@code messageId} set to the SQS message id, the field the recorder
 * ({@code /messageId}) and the workflow's {@code StartExperiment} correlate on.
 */
record ExperimentStart(String executionName, String input) {

    static ExperimentStart of(String messageId, String body, ObjectMapper json) {
        JsonNode experiment;
        try {
            experiment = json.readTree(body);
        } catch (Exception notJson) {
            experiment = null;
        }
        if (!(experiment instanceof ObjectNode object)) {
            throw new IllegalArgumentException("an experiment message is a JSON object, e.g."
                    + " {\"modelName\":\"demo-small\",\"temperature\":0.2,\"behavior\":\"goal\"}");
        }
        object.put("messageId", messageId);
        return new ExperimentStart(messageId, object.toString());
    }
}

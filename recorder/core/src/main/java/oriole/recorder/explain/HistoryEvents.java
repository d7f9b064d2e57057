package oriole.recorder.explain;

/** The SDK's history event as the walk reads it: the details of whichever type it is. */
final class HistoryEvents {

    private HistoryEvents() {
    }

    static HistoryEvent of(software.amazon.awssdk.services.sfn.model.HistoryEvent e) {
        long id = e.id() == null ? 0 : e.id();
        long previous = e.previousEventId() == null ? 0 : e.previousEventId();
        String type = e.typeAsString();
        String name = null;
        String error = null;
        String cause = null;
        String resourceType = null;
        String resource = null;
        String parameters = null;
        if (e.stateEnteredEventDetails() != null) {
            name = e.stateEnteredEventDetails().name();
        } else if (e.taskScheduledEventDetails() != null) {
            resourceType = e.taskScheduledEventDetails().resourceType();
            resource = e.taskScheduledEventDetails().resource();
            parameters = e.taskScheduledEventDetails().parameters();
        } else if (e.lambdaFunctionScheduledEventDetails() != null) {
            resourceType = "lambda";
            resource = e.lambdaFunctionScheduledEventDetails().resource();
        } else if (e.activityScheduledEventDetails() != null) {
            resourceType = "activity";
            resource = e.activityScheduledEventDetails().resource();
        } else if (e.taskFailedEventDetails() != null) {
            var d = e.taskFailedEventDetails();
            resourceType = d.resourceType();
            resource = d.resource();
            error = d.error();
            cause = d.cause();
        } else if (e.taskTimedOutEventDetails() != null) {
            var d = e.taskTimedOutEventDetails();
            resourceType = d.resourceType();
            resource = d.resource();
            error = d.error();
            cause = d.cause();
        } else if (e.taskStartFailedEventDetails() != null) {
            var d = e.taskStartFailedEventDetails();
            resourceType = d.resourceType();
            resource = d.resource();
            error = d.error();
            cause = d.cause();
        } else if (e.taskSubmitFailedEventDetails() != null) {
            var d = e.taskSubmitFailedEventDetails();
            resourceType = d.resourceType();
            resource = d.resource();
            error = d.error();
            cause = d.cause();
        } else if (e.lambdaFunctionFailedEventDetails() != null) {
            error = e.lambdaFunctionFailedEventDetails().error();
            cause = e.lambdaFunctionFailedEventDetails().cause();
        } else if (e.lambdaFunctionTimedOutEventDetails() != null) {
            error = e.lambdaFunctionTimedOutEventDetails().error();
            cause = e.lambdaFunctionTimedOutEventDetails().cause();
        } else if (e.lambdaFunctionStartFailedEventDetails() != null) {
            error = e.lambdaFunctionStartFailedEventDetails().error();
            cause = e.lambdaFunctionStartFailedEventDetails().cause();
        } else if (e.lambdaFunctionScheduleFailedEventDetails() != null) {
            error = e.lambdaFunctionScheduleFailedEventDetails().error();
            cause = e.lambdaFunctionScheduleFailedEventDetails().cause();
        } else if (e.activityFailedEventDetails() != null) {
            error = e.activityFailedEventDetails().error();
            cause = e.activityFailedEventDetails().cause();
        } else if (e.activityTimedOutEventDetails() != null) {
            error = e.activityTimedOutEventDetails().error();
            cause = e.activityTimedOutEventDetails().cause();
        } else if (e.activityScheduleFailedEventDetails() != null) {
            error = e.activityScheduleFailedEventDetails().error();
            cause = e.activityScheduleFailedEventDetails().cause();
        } else if (e.executionFailedEventDetails() != null) {
            error = e.executionFailedEventDetails().error();
            cause = e.executionFailedEventDetails().cause();
        } else if (e.executionTimedOutEventDetails() != null) {
            error = e.executionTimedOutEventDetails().error();
            cause = e.executionTimedOutEventDetails().cause();
        } else if (e.executionAbortedEventDetails() != null) {
            error = e.executionAbortedEventDetails().error();
            cause = e.executionAbortedEventDetails().cause();
        } else if (e.mapIterationFailedEventDetails() != null) {
            name = e.mapIterationFailedEventDetails().name();
        }
        return new HistoryEvent(id, previous, type, e.timestamp(), name, error, cause, resourceType, resource, parameters);
    }
}

package oriole.recorder.event;

/**
 * The fields of one envelope exactly as its JSON holds them, before validation: null where absent or JSON
 * null. Filled by {@link EnvelopeStream} (fast, well-typed envelopes) or {@link EnvelopeTree} (any JSON,
 * with exact reasons for wrong types); {@link EventParser} validates either the same way.
 */
final class EnvelopeFields {

    String detailType;
    String source;
    String id;
    String time;
    String region;
    String account;
    boolean hasDetail;
    String executionArn;
    String stateMachineArn;
    String name;
    String status;
    Long startDate;
    Long stopDate;
    String input;
    Boolean inputIncluded;
    String output;
    Boolean outputIncluded;
    String error;
    String cause;
    String stateMachineVersionArn;
    String stateMachineAliasArn;
    Long redriveCount;
    Long redriveDate;
    String redriveStatus;
    String redriveStatusReason;

    /** Stores a text field of {@code detail}; false if {@code field} is not one. */
    boolean setDetailText(String field, String value) {
        switch (field) {
            case "executionArn" -> executionArn = value;
            case "stateMachineArn" -> stateMachineArn = value;
            case "name" -> name = value;
            case "status" -> status = value;
            case "input" -> input = value;
            case "output" -> output = value;
            case "error" -> error = value;
            case "cause" -> cause = value;
            case "stateMachineVersionArn" -> stateMachineVersionArn = value;
            case "stateMachineAliasArn" -> stateMachineAliasArn = value;
            case "redriveStatus" -> redriveStatus = value;
            case "redriveStatusReason" -> redriveStatusReason = value;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Stores an integer field of {@code detail}; false if {@code field} is not one. */
    boolean setDetailInteger(String field, Long value) {
        switch (field) {
            case "startDate" -> startDate = value;
            case "stopDate" -> stopDate = value;
            case "redriveDate" -> redriveDate = value;
            case "redriveCount" -> redriveCount = value;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Stores the {@code included} flag of {@code inputDetails} or {@code outputDetails}; false for any other field. */
    boolean setIncluded(String detailsField, Boolean included) {
        switch (detailsField) {
            case "inputDetails" -> inputIncluded = included;
            case "outputDetails" -> outputIncluded = included;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Stores a text field of the envelope; false if {@code field} is not one. */
    boolean setEnvelopeText(String field, String value) {
        switch (field) {
            case "detail-type" -> detailType = value;
            case "source" -> source = value;
            case "id" -> id = value;
            case "time" -> time = value;
            case "region" -> region = value;
            case "account" -> account = value;
            default -> {
                return false;
            }
        }
        return true;
    }

    static boolean isIntegerField(String field) {
        return switch (field) {
            case "startDate", "stopDate", "redriveDate", "redriveCount" -> true;
            default -> false;
        };
    }

    static boolean isDetailsField(String field) {
        return field.equals("inputDetails") || field.equals("outputDetails");
    }
}

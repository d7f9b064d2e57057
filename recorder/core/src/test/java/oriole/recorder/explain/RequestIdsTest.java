package oriole.recorder.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Python runtime error JSON | {"errorMessage": "'action'", "errorType": "KeyError", "requestId": "01310c4d-3251-5b9d-ad59-d3cc1223a004", "stackTrace": []} | 01310c4d-3251-5b9d-ad59-d3cc1223a004
            timeout message, time first | {"errorMessage": "2026-01-01T11:05:03.123Z 6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88 Task timed out after 900.00 seconds"} | 6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88
            timeout message, RequestId first | {"errorMessage": "RequestId: 6F1C2A4E-0D3B-4F7E-9A51-3C2B1D0E9F88 Error: Task timed out after 900.00 seconds"} | 6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88
            runtime exited | {"errorType": "Runtime.ExitError", "errorMessage": "RequestId: 2b8e1f0c-77aa-4c1e-b0d2-5e6f7a8b9c0d Error: Runtime exited with error: signal: killed"} | 2b8e1f0c-77aa-4c1e-b0d2-5e6f7a8b9c0d
            SDK integration error | Unhandled (Service: Lambda, Status Code: 500, Request ID: 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d) | 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
            plain text timeout | 2026-01-01T11:05:03Z 0b6f6a0e-5b0b-4d8e-9a3c-1f2e3d4c5b6a Task timed out after 3.00 seconds | 0b6f6a0e-5b0b-4d8e-9a3c-1f2e3d4c5b6a
            """)
    void findsTheRequestIdWhereLambdaWritesIt(String what, String cause, String requestId) {
        assertThat(RequestIds.find("Some.Error", cause)).as(what).isEqualTo(requestId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"errorMessage\": \"KeyError\"}", "requestId: not-a-uuid",
            "{\"requestId\": \"01310c4d-3251-5b9d-ad59-d3cc1223a004-and-more\"}",
            "{\"requestId\": \"01310c4d-3251-5b9d-ad59\u0000d3cc1223a004\"}", "The execution timed out after 3600 seconds."})
    void anythingElseIsNoRequestId(String cause) {
        assertThat(RequestIds.find(null, cause)).isNull();
    }

    @Test
    void nullsAndHugeTextAreNoRequestId() {
        assertThat(RequestIds.find(null, null)).isNull();
        String huge = "x".repeat(70_000) + " RequestId: 2b8e1f0c-77aa-4c1e-b0d2-5e6f7a8b9c0d";
        assertThat(RequestIds.find(null, huge)).as("only the first 64 Ki characters are searched").isNull();
    }

    @Test
    void theCauseComesBeforeTheError() {
        assertThat(RequestIds.find("RequestId: 11111111-1111-1111-1111-111111111111",
                "RequestId: 22222222-2222-2222-2222-222222222222")).isEqualTo("22222222-2222-2222-2222-222222222222");
        assertThat(RequestIds.find("RequestId: 11111111-1111-1111-1111-111111111111", "no id"))
                .isEqualTo("11111111-1111-1111-1111-111111111111");
    }
}

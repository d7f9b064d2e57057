package oriole.recorder.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LambdaFunctionsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            lambda | invoke | {"FunctionName":"oriole-agent","Payload":{}} | oriole-agent
            lambda | invoke | {"FunctionName":"oriole-agent:live"} | oriole-agent
            lambda | invoke | {"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:oriole-agent:3"} | oriole-agent
            lambda | invoke | {"FunctionName":"123456789012:function:oriole-agent"} | oriole-agent
            lambda | invoke.waitForTaskToken | {"FunctionName":"oriole-agent"} | oriole-agent
            lambda | arn:aws-cn:lambda:cn-north-1:123456789012:function:oriole-agent | null | oriole-agent
            null | arn:aws:lambda:us-east-1:123456789012:function:legacy-agent:prod | null | legacy-agent
            lambda | invoke | null | null
            lambda | invoke | {"FunctionName":{"nested":1}} | null
            lambda | invoke | {not json | null
            lambda | invoke | {"FunctionName":""} | null
            states | startExecution.sync | {"StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:x"} | null
            dynamodb | putItem | {"FunctionName":"not-a-lambda"} | null
            """)
    void theFunctionATaskRan(String resourceType, String resource, String parameters, String function) {
        assertThat(LambdaFunctions.of(resourceType, resource, parameters)).isEqualTo(function);
    }
}

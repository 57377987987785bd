package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoogleErrorsTest {

    @Test
    void googleErrorShape() {
        assertJsonEquals(GoogleErrors.encode(new GatewayException(ErrorKind.RATE_LIMITED, "quota")), """
                {"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}
                """);
        assertJsonEquals(GoogleErrors.encode(GatewayException.invalid("contents", "'contents' is required")), """
                {"error":{"code":400,"message":"'contents' is required","status":"INVALID_ARGUMENT"}}
                """);
    }

    @Test
    void aKnownRetryDelayIsSentAsGooglesRetryInfo() {
        var f = new UpstreamFailure(FailureClass.NO_CREDENTIAL, ErrorKind.RATE_LIMITED, 0, "all cooling",
                Optional.of(Duration.ofMillis(41_500)), List.of());
        assertJsonEquals(GoogleErrors.encode(f), """
                {"error":{"code":429,"message":"all cooling","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"41.500s"}]}}
                """);
        var whole = new UpstreamFailure(FailureClass.RATE_LIMITED, ErrorKind.RATE_LIMITED, 429, "later",
                Optional.of(Duration.ofSeconds(30)), List.of());
        assertJsonEquals(GoogleErrors.encode(whole), """
                {"error":{"code":429,"message":"later","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}}
                """);
    }
}

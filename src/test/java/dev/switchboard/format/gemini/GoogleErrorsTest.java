package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
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
}

package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiErrorsTest {

    @Test
    void invalidRequestNamesTheParam() {
        assertJsonEquals(OpenAiErrors.encode(GatewayException.invalid("temperature", "'temperature' must be a number")),
                """
                {"error":{"message":"'temperature' must be a number","type":"invalid_request_error",
                  "param":"temperature","code":null}}
                """);
    }

    @Test
    void defaultCodesByKind() {
        assertJsonEquals(OpenAiErrors.encode(new GatewayException(ErrorKind.RATE_LIMITED, "slow down")), """
                {"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}
                """);
        assertJsonEquals(OpenAiErrors.encode(new GatewayException(ErrorKind.AUTHENTICATION, "bad key")), """
                {"error":{"message":"bad key","type":"authentication_error","param":null,"code":"invalid_api_key"}}
                """);
        assertJsonEquals(OpenAiErrors.encode(new GatewayException(ErrorKind.NOT_FOUND, "no model")), """
                {"error":{"message":"no model","type":"not_found_error","param":null,"code":"model_not_found"}}
                """);
    }

    @Test
    void explicitCodeWins() {
        assertJsonEquals(OpenAiErrors.encode(new GatewayException(ErrorKind.RATE_LIMITED, "daily quota",
                Optional.empty(), Optional.of("insufficient_quota"))), """
                {"error":{"message":"daily quota","type":"rate_limit_error","param":null,"code":"insufficient_quota"}}
                """);
    }
}

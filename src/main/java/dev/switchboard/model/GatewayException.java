package dev.switchboard.model;

import java.util.Optional;

/**
 * An error a client sees, in whatever format it speaks. Carries no stack trace: these are expected
 * outcomes, and the message is written for the client (never containing a secret).
 */
public class GatewayException extends RuntimeException {
    private final ErrorKind kind;
    private final Optional<String> param;
    private final Optional<String> code;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, Optional.empty(), Optional.empty());
    }

    public GatewayException(ErrorKind kind, String message, Optional<String> param, Optional<String> code) {
        super(message, null, false, false);
        this.kind = kind;
        this.param = param;
        this.code = code;
    }

    public static GatewayException invalid(String param, String message) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message, Optional.of(param), Optional.empty());
    }

    public ErrorKind kind() { return kind; }

    public Optional<String> param() { return param; }

    public Optional<String> code() { return code; }

    public int httpStatus() { return kind.httpStatus(); }
}

package dev.switchboard.model;

/**
 * What went wrong, independent of wire format. Each kind has the HTTP status a client gets and the names
 * the two error shapes use (OpenAI {@code type}, Google {@code status}).
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", "INVALID_ARGUMENT"),
    AUTHENTICATION(401, "authentication_error", "UNAUTHENTICATED"),
    PERMISSION(403, "permission_error", "PERMISSION_DENIED"),
    NOT_FOUND(404, "not_found_error", "NOT_FOUND"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "INVALID_ARGUMENT"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "INVALID_ARGUMENT"),
    RATE_LIMITED(429, "rate_limit_error", "RESOURCE_EXHAUSTED"),
    INTERNAL(500, "server_error", "INTERNAL"),
    UPSTREAM(502, "upstream_error", "UNAVAILABLE"),
    UNAVAILABLE(503, "server_error", "UNAVAILABLE"),
    TIMEOUT(504, "timeout_error", "DEADLINE_EXCEEDED");

    private final int httpStatus;
    private final String openAiType;
    private final String googleStatus;

    ErrorKind(int httpStatus, String openAiType, String googleStatus) {
        this.httpStatus = httpStatus;
        this.openAiType = openAiType;
        this.googleStatus = googleStatus;
    }

    public int httpStatus() { return httpStatus; }

    public String openAiType() { return openAiType; }

    public String googleStatus() { return googleStatus; }

    /** The kind for an upstream HTTP status, kept as close to the upstream's meaning as possible. */
    public static ErrorKind fromHttpStatus(int status) {
        return switch (status) {
            case 400, 422 -> INVALID_REQUEST;
            case 401 -> AUTHENTICATION;
            case 403 -> PERMISSION;
            case 404 -> NOT_FOUND;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> status >= 500 ? UPSTREAM : INVALID_REQUEST;
        };
    }
}

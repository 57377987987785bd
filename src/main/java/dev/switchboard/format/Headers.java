package dev.switchboard.format;

import io.vertx.core.http.HttpHeaders;

/**
 * The header names and values set on every request and answer, encoded once: a plain {@code String} name is
 * validated and hashed character by character each time it is set, which shows in profiles.
 */
public final class Headers {
    public static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    public static final CharSequence CONTENT_LENGTH = HttpHeaders.CONTENT_LENGTH;
    public static final CharSequence ACCEPT = HttpHeaders.ACCEPT;
    public static final CharSequence ACCEPT_ENCODING = HttpHeaders.ACCEPT_ENCODING;
    public static final CharSequence AUTHORIZATION = HttpHeaders.AUTHORIZATION;
    public static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
    public static final CharSequence X_GOOG_API_KEY = HttpHeaders.createOptimized("x-goog-api-key");
    public static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
    public static final CharSequence X_ACCEL_BUFFERING = HttpHeaders.createOptimized("x-accel-buffering");
    /** The time the gateway itself spent on a request up to the response headers (no upstream waits). */
    public static final CharSequence X_SWITCHBOARD_OVERHEAD = HttpHeaders.createOptimized("x-switchboard-overhead-ms");

    public static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    public static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    public static final CharSequence IDENTITY = HttpHeaders.IDENTITY;
    public static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    public static final CharSequence NO = HttpHeaders.createOptimized("no");

    private Headers() {}
}

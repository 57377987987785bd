package dev.switchboard.inbound;

import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the client's {@code x-request-id} when sane, else a fresh one. */
final class RequestIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private RequestIds() {}

    static String of(HttpServerRequest req) {
        String given = req.getHeader("x-request-id");
        if (given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) return given;
        return fresh();
    }

    static String fresh() {
        char[] c = new char[16];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return new String(c);
    }
}

package dev.switchboard.testing;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * A fake Gemini API on loopback and a gateway in front of it ({@code GEMINI_BASE_URL} pointing at the fake),
 * started and closed together: the set-up most end-to-end tests of the Gemini provider need.
 */
public final class GeminiGateway implements AutoCloseable {
    public final Vertx vertx;
    public final FakeUpstream gemini;
    public final TestGateway gw;

    private GeminiGateway(Vertx vertx, FakeUpstream gemini, TestGateway gw) {
        this.vertx = vertx;
        this.gemini = gemini;
        this.gw = gw;
    }

    /** {@code env} as the gateway's environment, plus {@code GEMINI_BASE_URL}. */
    public static GeminiGateway start(String yaml, Map<String, String> env) {
        Vertx vertx = Vertx.vertx();
        FakeUpstream gemini = FakeUpstream.start(vertx);
        Map<String, String> all = new HashMap<>(env);
        all.put("GEMINI_BASE_URL", gemini.baseUrl());
        return new GeminiGateway(vertx, gemini, TestGateway.start(yaml, all));
    }

    @Override
    public void close() {
        gw.close();
        gemini.close();
        vertx.close();
    }
}

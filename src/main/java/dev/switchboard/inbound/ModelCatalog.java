package dev.switchboard.inbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.routing.ModelListing;
import dev.switchboard.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a client can ask for ({@link ModelListing}): names routing creates, names credentials list, and
 * what upstreams list, each once and only if routable, owned by the provider that serves it. Upstream lists are
 * cached for {@code ttl}; a stale cache is served at once while one refresh runs in the background, and a
 * lister that fails keeps its previous list. The OpenAI surface writes the list as JSON; the native Gemini
 * surface can take the same {@link #models()}.
 */
public final class ModelCatalog {
    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final List<ModelInfo> configured;
    private final List<Supplier<Future<List<ModelInfo>>>> upstreamListers;
    private final Router router;
    private final Clock clock;
    private final Duration ttl;
    private final List<List<ModelInfo>> upstream;
    /** Null until first asked for: working out each name's owner is routing work the start does not need. */
    private List<ModelInfo> merged;
    private Instant loadedAt = Instant.EPOCH;
    private Future<List<ModelInfo>> loading;

    public ModelCatalog(List<ModelInfo> configured, List<Supplier<Future<List<ModelInfo>>>> upstreamListers,
                        Router router, Clock clock, Duration ttl) {
        this.configured = List.copyOf(configured);
        this.upstreamListers = List.copyOf(upstreamListers);
        this.router = router;
        this.clock = clock;
        this.ttl = ttl;
        this.upstream = new ArrayList<>(Collections.nCopies(upstreamListers.size(), List.of()));
    }

    /** Every model a client can ask for; waits for the upstream lists only the first time. */
    public synchronized Future<List<ModelInfo>> models() {
        boolean never = loadedAt.equals(Instant.EPOCH);
        if (!upstreamListers.isEmpty() && (never || clock.instant().isAfter(loadedAt.plus(ttl)))) {
            Future<List<ModelInfo>> refresh = refresh();
            if (never) return refresh;
        }
        if (merged == null) merged = ModelListing.visible(router, configured, List.of());
        return Future.succeededFuture(merged);
    }

    private synchronized Future<List<ModelInfo>> refresh() {
        if (loading != null) return loading;
        List<Future<List<ModelInfo>>> all = new ArrayList<>();
        for (int i = 0; i < upstreamListers.size(); i++) {
            int index = i;
            all.add(upstreamListers.get(i).get().otherwise(err -> {
                log.warn("could not list upstream models (keeping the previous list): {}", err.getMessage());
                return upstreamOf(index);
            }));
        }
        Future<List<ModelInfo>> done = Future.all(all).map(cf -> {
            synchronized (this) {
                for (int i = 0; i < all.size(); i++) upstream.set(i, cf.<List<ModelInfo>>resultAt(i));
                merged = ModelListing.visible(router, configured, upstream.stream().flatMap(List::stream).toList());
                loadedAt = clock.instant();
                loading = null;
                return merged;
            }
        });
        if (!done.isComplete()) loading = done; // listers that answer at once must not leave a finished refresh behind
        return done;
    }

    private synchronized List<ModelInfo> upstreamOf(int index) {
        return upstream.get(index);
    }

    static Buffer openAiList(List<ModelInfo> entries) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (ModelInfo e : entries) writeModel(g, e);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static Buffer openAiModel(ModelInfo e) {
        return write(g -> writeModel(g, e));
    }

    private static void writeModel(JsonGenerator g, ModelInfo e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("object", "model");
        g.writeNumberField("created", 0);
        g.writeStringField("owned_by", e.ownedBy());
        g.writeEndObject();
    }

    interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    static Buffer write(JsonWriter w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }
}

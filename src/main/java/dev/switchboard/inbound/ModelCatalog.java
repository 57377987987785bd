package dev.switchboard.inbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.model.ModelInfo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a client can ask for: configured names first, then what upstreams list, de-duplicated by id.
 * Upstream lists are cached; a stale cache is served while a refresh runs in the background.
 */
public final class ModelCatalog {
    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final List<ModelInfo> configured;
    private final List<Supplier<Future<List<ModelInfo>>>> upstreamListers;
    private final Clock clock;
    private final Duration ttl;
    private List<ModelInfo> upstream = List.of();
    private Instant loadedAt = Instant.EPOCH;
    private Future<List<ModelInfo>> loading;

    public ModelCatalog(List<ModelInfo> configured, List<Supplier<Future<List<ModelInfo>>>> upstreamListers, Clock clock,
                        Duration ttl) {
        this.configured = List.copyOf(configured);
        this.upstreamListers = List.copyOf(upstreamListers);
        this.clock = clock;
        this.ttl = ttl;
    }

    public synchronized Future<List<ModelInfo>> models() {
        boolean never = loadedAt.equals(Instant.EPOCH);
        if (!upstreamListers.isEmpty() && (never || clock.instant().isAfter(loadedAt.plus(ttl)))) {
            Future<List<ModelInfo>> refresh = refresh();
            if (never) return refresh.map(v -> merged());
        }
        return Future.succeededFuture(merged());
    }

    private synchronized Future<List<ModelInfo>> refresh() {
        if (loading != null) return loading;
        List<Future<List<ModelInfo>>> all = upstreamListers.stream().map(s -> s.get().otherwise(err -> {
            log.warn("could not list upstream models: {}", err.getMessage());
            return List.of();
        })).toList();
        loading = Future.all(all).map(cf -> {
            List<ModelInfo> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) out.addAll(cf.<List<ModelInfo>>resultAt(i));
            synchronized (this) {
                upstream = out;
                loadedAt = clock.instant();
                loading = null;
            }
            return out;
        });
        return loading;
    }

    private synchronized List<ModelInfo> merged() {
        Map<String, ModelInfo> byId = new LinkedHashMap<>();
        for (ModelInfo e : configured) byId.putIfAbsent(e.id(), e);
        // A configured name an upstream also lists keeps its owner and gains the upstream's own description.
        for (ModelInfo e : upstream) {
            byId.merge(e.id(), e, (kept, listed) -> kept.details().isPresent() ? kept
                    : new ModelInfo(kept.id(), kept.ownedBy(), listed.details()));
        }
        return List.copyOf(byId.values());
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

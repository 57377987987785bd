package dev.switchboard.credential;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool state in Redis, shared by every replica with the same key prefix. One command per operation: INCR for
 * counters, MGET for reads, and a Lua compare-and-set for changes, which compares the whole stored text with what
 * this replica last saw, so a write based on a stale copy is refused, re-applied to the current copy and tried
 * again. A change thus costs one round trip when nobody else wrote the key meanwhile. Changes to one key from this
 * replica go one after the other, so that only other replicas' writes can conflict; a change that keeps losing to
 * them takes the key's turn (a short-lived marker the script honours), so that it cannot starve.
 *
 * <p>Keys: {@code {prefix}:state:{key}}, {@code :counter:}, {@code :cursor:}, {@code :window:}, {@code :value:}.
 * States and cursors live for {@link #STATE_TTL} after their last change, windows and values for their own time.
 * Results are delivered on the caller's Vert.x context.
 */
final class RedisPoolStateStore implements ResilientPoolStateStore.Shared {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPoolStateStore.class);
    static final Duration STATE_TTL = Duration.ofDays(7);
    /** Conflicts after which a change asks for the key's turn. */
    private static final int ASK_AFTER = 2;
    private static final int MAX_CONFLICTS = 32;
    /** Waits of a millisecond for another replica's turn; a turn lasts 100 ms at most. */
    private static final int MAX_WAITS = 500;

    /**
     * Sets KEYS[1] to ARGV[2] (for ARGV[3] ms) if it holds ARGV[1] ('' = absent) and no other change holds its turn
     * (KEYS[2], taken by token ARGV[4]); returns {1}, or {0, what it holds, 0: conflict | 1: the turn is now yours |
     * -1: another change holds the turn}. ARGV[5] = '1' asks for the turn on a conflict.
     */
    private static final Script CAS = new Script("""
            local cur = redis.call('GET', KEYS[1]) or ''
            local turn = redis.call('GET', KEYS[2])
            if turn and turn ~= ARGV[4] then return {0, cur, -1} end
            if cur ~= ARGV[1] then
              if ARGV[5] == '1' then
                redis.call('SET', KEYS[2], ARGV[4], 'PX', 100)
                return {0, cur, 1}
              end
              return {0, cur, 0}
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            if turn then redis.call('DEL', KEYS[2]) end
            return {1}
            """);

    /** Adds ARGV[1] to a counter and gives it ARGV[2] ms to live if it has no expiry yet; returns the total. */
    private static final Script WINDOW_ADD = new Script("""
            local n = redis.call('INCRBY', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return n
            """);

    private final Vertx vertx;
    private final Redis client;
    private final RedisUrl url;
    private final String prefix;
    /** The text each state or cursor key held when this replica last read or wrote it: the first guess of a change. */
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();
    /** Per key, the end of the last change queued by this replica: the next one starts there. */
    private final Map<String, Future<Void>> queues = new ConcurrentHashMap<>();

    RedisPoolStateStore(Vertx vertx, Redis client, RedisUrl url, String keyPrefix) {
        this.vertx = vertx;
        this.client = client;
        this.url = url;
        this.prefix = keyPrefix;
    }

    static RedisPoolStateStore connect(Vertx vertx, RedisUrl url, String keyPrefix, Duration timeout) {
        return connect(vertx, url, keyPrefix, timeout, Optional.empty(), Optional.empty());
    }

    /**
     * {@code trust}: whom a {@code rediss://} connection trusts instead of the JDK's authorities alone;
     * {@code clientCertificate}: what it presents when Redis asks the client for a certificate.
     */
    static RedisPoolStateStore connect(Vertx vertx, RedisUrl url, String keyPrefix, Duration timeout,
                                       Optional<TrustOptions> trust, Optional<KeyCertOptions> clientCertificate) {
        int connectMillis = (int) Math.max(100, Math.min(Integer.MAX_VALUE, timeout.toMillis() * 5));
        NetClientOptions net = new NetClientOptions().setConnectTimeout(connectMillis).setTcpNoDelay(true)
                .setTcpKeepAlive(true).setSsl(url.tls())
                // rediss:// checks the server's certificate against its host name, as HTTPS does
                .setHostnameVerificationAlgorithm(url.tls() ? "HTTPS" : "");
        if (url.tls()) {
            trust.ifPresent(net::setTrustOptions);
            clientCertificate.ifPresent(net::setKeyCertOptions);
        }
        RedisOptions options = new RedisOptions()
                .setConnectionString(url.connectionString())
                .setMaxPoolSize(8)
                .setMaxPoolWaiting(4096)
                .setNetClientOptions(net);
        return new RedisPoolStateStore(vertx, Redis.createClient(vertx, options), url, keyPrefix);
    }

    @Override
    public String location() { return url.masked(); }

    @Override
    public Future<Long> getAndIncrement(String counter) {
        return onCaller(send(Request.cmd(Command.INCR).arg(key("counter", counter))).map(r -> r.toLong() - 1));
    }

    @Override
    public Future<Map<String, CredentialState>> read(List<String> keys) {
        if (keys.isEmpty()) return Future.succeededFuture(Map.of());
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(k -> mget.arg(key("state", k)));
        return onCaller(send(mget).map(r -> {
            Map<String, CredentialState> out = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                String redisKey = key("state", keys.get(i));
                String text = text(r.get(i));
                lastSeen.put(redisKey, text);
                out.put(keys.get(i), decode(redisKey, text, StateCodec::decodeState, CredentialState.initial()));
            }
            return out;
        }));
    }

    @Override
    public Future<Updated> update(String key, UnaryOperator<CredentialState> change) {
        UnaryOperator<CredentialState> numbered = s -> {
            CredentialState next = change.apply(s);
            // a copy that changed must carry a newer number, or other replicas would keep their older one
            return !next.equals(s) && next.version() <= s.version() ? next.withVersion(s.version() + 1) : next;
        };
        return onCaller(swap(key("state", key), StateCodec::decodeState, StateCodec::encode, CredentialState.initial(),
                numbered, STATE_TTL).map(s -> new Updated(s.before(), s.after())));
    }

    @Override
    public Future<WindowCursor> updateCursor(String key, UnaryOperator<WindowCursor> change) {
        return onCaller(swap(key("cursor", key), StateCodec::decodeCursor, StateCodec::encode, WindowCursor.NONE, change,
                STATE_TTL).map(Swap::after));
    }

    @Override
    public Future<Long> addToWindow(String counter, long amount, Duration ttl) {
        return onCaller(eval(WINDOW_ADD, key("window", counter), String.valueOf(amount),
                String.valueOf(Math.max(1, ttl.toMillis()))).map(Response::toLong));
    }

    @Override
    public Future<Map<String, Long>> readWindows(List<String> counters) {
        if (counters.isEmpty()) return Future.succeededFuture(Map.of());
        Request mget = Request.cmd(Command.MGET);
        counters.forEach(c -> mget.arg(key("window", c)));
        return onCaller(send(mget).map(r -> {
            Map<String, Long> out = new HashMap<>();
            for (int i = 0; i < counters.size(); i++) out.put(counters.get(i), r.get(i) == null ? 0L : r.get(i).toLong());
            return out;
        }));
    }

    @Override
    public Future<Optional<String>> value(String key) {
        return onCaller(send(Request.cmd(Command.GET).arg(key("value", key))).map(r -> Optional.ofNullable(r).map(Response::toString)));
    }

    @Override
    public Future<Void> putValue(String key, String value, Duration ttl) {
        Request set = Request.cmd(Command.SET).arg(key("value", key)).arg(value);
        if (!ttl.isZero() && !ttl.isNegative()) set.arg("PX").arg(Math.max(1, ttl.toMillis()));
        return onCaller(send(set).mapEmpty());
    }

    @Override
    public Future<Void> removeValue(String key) {
        return onCaller(send(Request.cmd(Command.DEL).arg(key("value", key))).mapEmpty());
    }

    @Override
    public Future<Void> ping() {
        return onCaller(send(Request.cmd(Command.PING)).mapEmpty());
    }

    @Override
    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }

    private record Swap<T>(T before, T after) {}

    /** Queues a change of {@code redisKey} behind this replica's earlier ones. */
    private <T> Future<Swap<T>> swap(String redisKey, Function<String, T> decoder, Function<T, String> encoder, T absent,
                                     UnaryOperator<T> change, Duration ttl) {
        Promise<Void> turnOver = Promise.promise();
        Future<Void> previous = queues.put(redisKey, turnOver.future());
        Future<Swap<T>> mine = (previous == null ? Future.<Void>succeededFuture() : previous)
                .transform(ar -> swapNow(redisKey, decoder, encoder, absent, change, ttl));
        mine.onComplete(ar -> {
            queues.remove(redisKey, turnOver.future());
            turnOver.complete();
        });
        return mine;
    }

    /** One optimistic change: guess the current text, apply, compare-and-set; on conflict, again from the actual text. */
    private <T> Future<Swap<T>> swapNow(String redisKey, Function<String, T> decoder, Function<T, String> encoder, T absent,
                                        UnaryOperator<T> change, Duration ttl) {
        String guess = lastSeen.get(redisKey);
        Future<String> current = guess != null ? Future.succeededFuture(guess)
                : send(Request.cmd(Command.GET).arg(redisKey)).map(RedisPoolStateStore::text);
        Change<T> c = new Change<>(redisKey, decoder, encoder, absent, change, ttl);
        current.onSuccess(c::attempt).onFailure(c.done::fail);
        return c.done.future();
    }

    /** One change of one key: its rule, and how it has fared against other replicas' writes. */
    private final class Change<T> {
        final String redisKey;
        final Function<String, T> decoder;
        final Function<T, String> encoder;
        final T absent;
        final UnaryOperator<T> rule;
        final String ttlMillis;
        final String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
        final Promise<Swap<T>> done = Promise.promise();
        int conflicts;
        int waits;

        Change(String redisKey, Function<String, T> decoder, Function<T, String> encoder, T absent,
               UnaryOperator<T> rule, Duration ttl) {
            this.redisKey = redisKey;
            this.decoder = decoder;
            this.encoder = encoder;
            this.absent = absent;
            this.rule = rule;
            this.ttlMillis = String.valueOf(ttl.toMillis());
        }

        void attempt(String expected) {
            T before = decode(redisKey, expected, decoder, absent);
            T after;
            try {
                after = rule.apply(before);
            } catch (RuntimeException e) {
                done.fail(e);
                return;
            }
            String next = encoder.apply(after);
            eval(CAS, List.of(redisKey, redisKey + ":turn"), expected, next, ttlMillis, token,
                    conflicts >= ASK_AFTER ? "1" : "0").onFailure(done::fail).onSuccess(r -> {
                if (r.get(0).toInteger() == 1) {
                    lastSeen.put(redisKey, next);
                    done.complete(new Swap<>(before, after));
                    return;
                }
                String actual = text(r.get(1));
                lastSeen.put(redisKey, actual);
                if (r.get(2).toInteger() < 0) {
                    if (++waits > MAX_WAITS) done.fail(gaveUp("waited too long for another replica's change"));
                    else vertx.setTimer(1, id -> attempt(actual));
                } else if (++conflicts > MAX_CONFLICTS) {
                    done.fail(gaveUp(MAX_CONFLICTS + " conflicting writes"));
                } else {
                    attempt(actual);
                }
            });
        }

        private IllegalStateException gaveUp(String why) {
            return new IllegalStateException("gave up changing " + redisKey + ": " + why);
        }
    }

    /** Text that does not decode is logged and read as absent, so that the next change overwrites it. */
    private static <T> T decode(String redisKey, String text, Function<String, T> decoder, T absent) {
        if (text.isEmpty()) return absent;
        try {
            return decoder.apply(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable shared state at {}: {}", redisKey, e.getMessage());
            return absent;
        }
    }

    private Future<Response> eval(Script script, String redisKey, String... args) {
        return eval(script, List.of(redisKey), args);
    }

    private Future<Response> eval(Script script, List<String> keys, String... args) {
        return send(scriptCall(Command.EVALSHA, script.sha1(), keys, args)).recover(e -> {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) return Future.failedFuture(e);
            // Redis forgot the script (restarted or flushed): send it whole; Redis caches it again
            return send(scriptCall(Command.EVAL, script.text(), keys, args));
        });
    }

    private static Request scriptCall(Command command, String script, List<String> keys, String... args) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        for (String a : args) r.arg(a);
        return r;
    }

    private Future<Response> send(Request request) {
        return client.send(request);
    }

    /** Delivers a result on the calling Vert.x context, whichever connection's context completed it. */
    private static <T> Future<T> onCaller(Future<T> result) {
        Context caller = Vertx.currentContext();
        if (caller == null) return result;
        Promise<T> delivered = Promise.promise();
        result.onComplete(ar -> {
            if (Vertx.currentContext() == caller) delivered.handle(ar);
            else caller.runOnContext(v -> delivered.handle(ar));
        });
        return delivered.future();
    }

    private String key(String kind, String name) {
        return prefix + ":" + kind + ":" + name;
    }

    private static String text(Response r) {
        return r == null ? "" : r.toString(StandardCharsets.UTF_8);
    }

    /** A Lua script, sent by its SHA-1 so that the text crosses the network only when Redis has not seen it. */
    private record Script(String text, String sha1) {
        Script(String text) {
            this(text, sha1Of(text));
        }

        private static String sha1Of(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

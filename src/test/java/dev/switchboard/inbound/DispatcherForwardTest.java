package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.CallPolicyConfig;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.ForwardCall;
import dev.switchboard.model.ForwardRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.WireFormat;
import dev.switchboard.resilience.CallPolicy;
import dev.switchboard.resilience.Timers;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutedProvider;
import dev.switchboard.routing.RoutingConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Non-chat methods through the dispatcher: which providers take them, retries in a pool, failover across pools. */
class DispatcherForwardTest {
    static final ForwardRequest COUNT = new ForwardRequest(WireFormat.GEMINI, "m", "countTokens",
            model -> Buffer.buffer("{\"for\":\"" + model + "\"}"));

    /** A provider that answers from a script and records the models and bodies it was asked for. */
    static final class Scripted implements UpstreamCall, ForwardCall {
        final boolean gemini;
        final Deque<Future<Buffer>> replies = new ArrayDeque<>();
        final List<String> bodies = new ArrayList<>();

        Scripted(boolean gemini) {
            this.gemini = gemini;
        }

        @Override
        public boolean forwards(WireFormat format) { return gemini && format == WireFormat.GEMINI; }

        @Override
        public Future<Buffer> forward(CallContext ctx, ForwardRequest request) {
            bodies.add(request.bodyFor(request.model()).toString());
            return replies.isEmpty() ? Future.failedFuture(new AssertionError("unscripted")) : replies.poll();
        }

        @Override
        public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) { throw new UnsupportedOperationException(); }

        @Override
        public Future<ChatStream> stream(CallContext ctx, ChatRequest request) { throw new UnsupportedOperationException(); }
    }

    /** An upstream that only chats, like an OpenAI-compatible provider. */
    static final UpstreamCall CHAT_ONLY = new UpstreamCall() {
        @Override
        public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) { throw new UnsupportedOperationException(); }

        @Override
        public Future<ChatStream> stream(CallContext ctx, ChatRequest request) { throw new UnsupportedOperationException(); }
    };

    static UpstreamFailure limited() {
        return new UpstreamFailure(FailureClass.RATE_LIMITED, ErrorKind.RATE_LIMITED, 429, "slow down",
                Optional.of(Duration.ofSeconds(5)), List.of());
    }

    final Map<String, List<Credential>> routable = new LinkedHashMap<>();
    final Map<String, Dispatcher.Provider> providers = new LinkedHashMap<>();

    void provider(String name, UpstreamCall attempt) {
        List<Credential> creds = List.of(Credential.key(name, name + "-key"));
        routable.put(name, creds);
        providers.put(name, new Dispatcher.Provider(CredentialPool.builder(name, creds).build(), attempt));
    }

    /** Timers are only used by fake streaming and races, which non-chat methods never take. */
    Dispatcher dispatcher() {
        List<RoutedProvider> routed = routable.entrySet().stream()
                .map(e -> new RoutedProvider(e.getKey(), e.getValue(), List.of("*"))).toList();
        return new Dispatcher(new Router(RoutingConfig.defaults(), routed), providers, new CallPolicyConfig(CallPolicy.PLAIN, List.of()),
                new Dispatcher.RetryPolicy(3, Duration.ofMinutes(1)), Timers.of(null), Optional.empty());
    }

    static CallContext ctx() {
        return new CallContext("req-1", WireFormat.GEMINI, "m", System.nanoTime(), List.of());
    }

    static <T> T await(Future<T> f) {
        assertThat(f.isComplete()).isTrue();
        if (f.failed()) throw (RuntimeException) f.cause();
        return f.result();
    }

    @Test
    void providersOfAnotherFormatAreSkippedAndAloneGiveAClear404() {
        provider("openai", CHAT_ONLY);
        Dispatcher d = dispatcher();

        assertThatThrownBy(() -> d.forward(ctx(), d.plan("m"), COUNT))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("countTokens").contains("GEMINI");
                });
    }

    @Test
    void retryableFailuresAreRetriedThenFailOverToTheNextGeminiProvider() {
        Scripted first = new Scripted(true);
        Scripted second = new Scripted(true);
        first.replies.add(Future.failedFuture(limited()));
        first.replies.add(Future.failedFuture(limited()));
        first.replies.add(Future.failedFuture(limited()));
        second.replies.add(Future.succeededFuture(Buffer.buffer("{\"totalTokens\":3}")));
        provider("a", first);
        provider("openai", CHAT_ONLY);
        provider("b", second);
        Dispatcher d = dispatcher();

        Buffer answer = await(d.forward(ctx(), d.plan("m"), COUNT));

        assertThat(answer.toString()).isEqualTo("{\"totalTokens\":3}");
        assertThat(first.bodies).hasSize(3).allMatch(b -> b.equals("{\"for\":\"m\"}"));
        assertThat(second.bodies).hasSize(1);
    }

    @Test
    void aClientErrorIsNeitherRetriedNorFailedOver() {
        Scripted first = new Scripted(true);
        Scripted second = new Scripted(true);
        first.replies.add(Future.failedFuture(new UpstreamFailure(FailureClass.CLIENT_ERROR, ErrorKind.INVALID_REQUEST,
                400, "bad contents", Optional.empty(), List.of())));
        provider("a", first);
        provider("b", second);
        Dispatcher d = dispatcher();

        assertThatThrownBy(() -> await(d.forward(ctx(), d.plan("m"), COUNT))).hasMessageContaining("bad contents");
        assertThat(first.bodies).hasSize(1);
        assertThat(second.bodies).isEmpty();
    }
}

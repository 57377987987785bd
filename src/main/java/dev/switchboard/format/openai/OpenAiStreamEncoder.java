package dev.switchboard.format.openai;

import dev.switchboard.format.StreamEncoder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.WireFormat;
import dev.switchboard.sse.SseWriter;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Encodes one client stream as OpenAI {@code chat.completion.chunk} SSE frames. Stateful and single-use;
 * calls come from the stream's event loop.
 *
 * <p>The shape follows OpenAI's own streams: the first chunk of a choice carries {@code role}; tool calls
 * come as {@code delta.tool_calls} with a per-choice index (Gemini sends whole calls, so id, name and
 * arguments arrive in one delta); {@code finish_reason} comes alone on a last chunk with an empty delta;
 * with {@code include_usage} every chunk has {@code "usage":null} and a final chunk with no choices carries
 * the totals; {@code [DONE]} ends the stream. A stream that fails or ends without a finish reason ends with an
 * error frame, never with a made-up "stop", so clients do not mistake a cut-off answer for a complete one.
 *
 * <p>Chunks from an OpenAI-compatible upstream are relayed as their own bytes instead ({@link OpenAiRelay}):
 * tool calls in pieces, logprobs, refusals and vendor fields as the upstream sent them, with the client's model
 * name, usage only when asked for and finish reasons in OpenAI's vocabulary. The frames the encoder writes itself
 * in such a stream (usage totals the upstream never sent, an error, {@code [DONE]}) take the upstream's id.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {
    private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean includeUsage;
    private final String clientModel;
    private final long created;
    private final OpenAiRelay relay;
    /** The stream's id: the gateway's, or the upstream's once its chunks are relayed. */
    private String id;
    /** {@code "id":…,"object":…,"created":…,"model":…,}: the same in every chunk, so encoded once per stream. */
    private SerializableString header;
    private final List<ChoiceState> choices = new ArrayList<>(1);
    private Optional<Usage> usage = Optional.empty();
    /** The upstream's own chunks are being relayed. */
    private boolean relaying;
    private boolean usageRelayed;
    private boolean ended;

    public OpenAiStreamEncoder(String id, String clientModel, long created, boolean includeUsage) {
        this.includeUsage = includeUsage;
        this.clientModel = clientModel;
        this.created = created;
        this.relay = new OpenAiRelay(clientModel, OpenAiNames.CHAT_COMPLETION_CHUNK.getValue(), created);
        this.id = OpenAiResponseEncoder.completionId(id);
        this.header = headerFields(this.id, clientModel, created);
    }

    /** What the client has been told about one choice so far. */
    private static final class ChoiceState {
        final int index;
        boolean roleSent;
        boolean hasContent;
        boolean sawToolCall;
        boolean finished;
        int nextToolIndex;

        ChoiceState(int index) {
            this.index = index;
        }
    }

    @Override
    public void onChunk(ChatEvent.Chunk chunk, Consumer<Buffer> out) {
        if (ended) return;
        Optional<NativeBody> own = chunk.nativeBody();
        if (own.isPresent() && own.get().format() == WireFormat.OPENAI) {
            relay(chunk, own.get(), out);
            return;
        }
        // A chunk without bytes after relayed ones holds tool calls the decoder gathered from pieces already relayed.
        if (relaying) return;
        for (Choice delta : chunk.deltas()) onDelta(delta, out);
        if (chunk.blockReason().isPresent()) {
            if (choices.isEmpty()) state(0);
            for (ChoiceState s : choices) finish(s, "content_filter", out);
        }
        if (chunk.usage().isPresent()) usage = chunk.usage();
    }

    @Override
    public void onKeepAlive(Consumer<Buffer> out) {
        if (!ended) out.accept(KEEP_ALIVE.copy());
    }

    /** {@code sawFinish}: the upstream sent a finish reason before closing its stream. */
    @Override
    public void onCompleted(boolean sawFinish, Consumer<Buffer> out) {
        if (ended) return;
        ended = true;
        if (!sawFinish) {
            out.accept(errorFrame(new GatewayException(ErrorKind.UPSTREAM,
                    "upstream stream ended without a finish reason")));
        } else if (includeUsage && !usageRelayed) {
            // Totals are always sent when asked for, zero if the upstream never reported any.
            Usage totals = usage.orElse(Usage.ZERO);
            out.accept(frame(g -> {
                writeHeader(g);
                g.writeFieldName(OpenAiNames.CHOICES);
                g.writeStartArray();
                g.writeEndArray();
                OpenAiUsage.writeField(g, totals);
                g.writeEndObject();
            }));
        }
        out.accept(DONE.copy());
    }

    @Override
    public void onFailed(GatewayException e, Consumer<Buffer> out) {
        if (ended) return;
        ended = true;
        out.accept(errorFrame(e));
        out.accept(DONE.copy());
    }

    private void relay(ChatEvent.Chunk chunk, NativeBody body, Consumer<Buffer> out) {
        if (!relaying && !chunk.id().isEmpty()) {
            id = chunk.id();
            header = headerFields(id, clientModel, created);
        }
        relaying = true;
        for (Choice d : chunk.deltas()) {
            ChoiceState s = state(d.index());
            s.hasContent |= d.hasContent();
            s.sawToolCall |= d.hasToolCall();
        }
        if (chunk.usage().isPresent()) {
            // The last chunk of a stream whose usage only the gateway asked for is not the client's.
            if (!includeUsage && chunk.deltas().isEmpty()) return;
            usageRelayed = includeUsage;
        }
        Buffer bytes = body.bytes();
        Buffer frame = Buffer.buffer(bytes.length() + DATA.length + END.length + 16);
        // An SSE parser joins an event's data lines with LF, so LF is the only line break a payload holds.
        ByteBuf raw = ((BufferInternal) bytes).unwrap();
        boolean oneLine = raw.indexOf(raw.readerIndex(), raw.writerIndex(), (byte) '\n') < 0;
        if (oneLine) frame.appendBytes(DATA);
        relay.append(frame, body, !includeUsage, index -> finishFor(chunk, index), id);
        // A pretty-printed chunk needs a data: line per line to stay one event.
        out.accept(oneLine ? frame.appendBytes(END) : SseWriter.data(frame));
    }

    /** The finish reason choice {@code index} of a relayed chunk should tell the client; null when it has none. */
    private String finishFor(ChatEvent.Chunk chunk, int index) {
        for (Choice d : chunk.deltas()) {
            if (d.index() != index || d.finishReason().isEmpty()) continue;
            ChoiceState s = state(index);
            return OpenAiFinishReasons.of(d.finishReason().get(), s.hasContent, s.sawToolCall);
        }
        return null;
    }

    private void onDelta(Choice delta, Consumer<Buffer> out) {
        ChoiceState s = state(delta.index());
        AssistantOutput output = AssistantOutput.of(delta.parts());
        if (!output.isEmpty()) {
            writeDelta(s, output, out);
            s.hasContent |= delta.hasContent();
            s.sawToolCall |= !output.toolCalls().isEmpty();
        }
        if (delta.finishReason().isPresent()) {
            finish(s, OpenAiFinishReasons.of(delta.finishReason().get(), s.hasContent, s.sawToolCall), out);
        }
    }

    private void finish(ChoiceState s, String reason, Consumer<Buffer> out) {
        if (s.finished) return;
        if (!s.roleSent) writeDelta(s, AssistantOutput.of(List.of()), out);
        s.finished = true;
        out.accept(frame(g -> {
            writeChoiceStart(g, s);
            g.writeEndObject();
            g.writeFieldName(OpenAiNames.LOGPROBS);
            g.writeNull();
            g.writeFieldName(OpenAiNames.FINISH_REASON);
            g.writeString(reason);
            g.writeEndObject();
            g.writeEndArray();
            writeUsageNull(g);
            g.writeEndObject();
        }));
    }

    private void writeDelta(ChoiceState s, AssistantOutput output, Consumer<Buffer> out) {
        boolean withRole = !s.roleSent;
        s.roleSent = true;
        out.accept(frame(g -> {
            writeChoiceStart(g, s);
            if (withRole) {
                g.writeFieldName(OpenAiNames.ROLE);
                g.writeString(OpenAiNames.ASSISTANT);
            }
            // A role-only delta still carries content "", as OpenAI's first chunk does.
            if (!output.content().isEmpty() || output.isEmpty()) {
                g.writeFieldName(OpenAiNames.CONTENT);
                g.writeString(output.content());
            }
            if (!output.reasoning().isEmpty()) {
                g.writeFieldName(OpenAiNames.REASONING_CONTENT);
                g.writeString(output.reasoning());
            }
            if (!output.toolCalls().isEmpty()) writeToolCalls(g, s, output.toolCalls());
            g.writeEndObject();
            g.writeFieldName(OpenAiNames.LOGPROBS);
            g.writeNull();
            g.writeFieldName(OpenAiNames.FINISH_REASON);
            g.writeNull();
            g.writeEndObject();
            g.writeEndArray();
            writeUsageNull(g);
            g.writeEndObject();
        }));
    }

    private static void writeToolCalls(JsonGenerator g, ChoiceState s, List<Part.ToolCall> calls) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (Part.ToolCall call : calls) {
            g.writeStartObject();
            g.writeFieldName(OpenAiNames.INDEX);
            g.writeNumber(s.nextToolIndex++);
            OpenAiResponseEncoder.writeToolCall(g, call);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static SerializableString headerFields(String id, String clientModel, long created) {
        String object = Json.write(g -> {
            g.writeStartObject();
            OpenAiResponseEncoder.writeHeaderFields(g, id, OpenAiNames.CHAT_COMPLETION_CHUNK, created, clientModel);
            g.writeEndObject();
        }).toString(StandardCharsets.UTF_8);
        return new SerializedString(object.substring(1, object.length() - 1) + ",");
    }

    /** Opens a chunk with the stream's header fields (written raw: the trailing comma keeps the JSON valid). */
    private void writeHeader(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeRaw(header);
    }

    /** Header, {@code "choices":[{"index":i,"delta":{}, left open for the delta's fields. */
    private void writeChoiceStart(JsonGenerator g, ChoiceState s) throws IOException {
        writeHeader(g);
        g.writeFieldName(OpenAiNames.CHOICES);
        g.writeStartArray();
        g.writeStartObject();
        g.writeFieldName(OpenAiNames.INDEX);
        g.writeNumber(s.index);
        g.writeFieldName(OpenAiNames.DELTA);
        g.writeStartObject();
    }

    private void writeUsageNull(JsonGenerator g) throws IOException {
        if (includeUsage) {
            g.writeFieldName(OpenAiNames.USAGE);
            g.writeNull();
        }
    }

    private ChoiceState state(int index) {
        for (ChoiceState s : choices) if (s.index == index) return s;
        ChoiceState s = new ChoiceState(index);
        choices.add(s);
        return s;
    }

    private static Buffer errorFrame(GatewayException e) {
        return frame(g -> OpenAiErrors.write(g, e));
    }

    private static Buffer frame(Json.Writer writer) {
        Buffer b = Buffer.buffer(256);
        b.appendBytes(DATA);
        Json.appendTo(b, writer);
        b.appendBytes(END);
        return b;
    }
}

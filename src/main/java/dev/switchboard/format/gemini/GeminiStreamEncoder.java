package dev.switchboard.format.gemini;

import dev.switchboard.format.Headers;
import dev.switchboard.format.StreamEncoder;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Encodes one stream for a Gemini-API client. With {@code alt=sse} each event is a {@code data:} frame
 * ending in CRLF CRLF, as Google sends them; without it Google streams one JSON array ({@code [}, elements
 * separated by {@code ,\r\n}, {@code ]}), so {@code jsonArray} selects that framing. Events from a Gemini
 * upstream pass as their original bytes. Failures end the stream with a Google error object in-band.
 */
public final class GeminiStreamEncoder implements StreamEncoder {
    private static final Buffer SSE_KEEP_ALIVE = Buffer.buffer(": keep-alive\r\n\r\n");
    /** Whitespace between array elements is valid JSON and keeps the connection busy. */
    private static final Buffer ARRAY_KEEP_ALIVE = Buffer.buffer("\r\n");

    private final String clientModel;
    private final boolean jsonArray;
    private boolean arrayOpened;
    private boolean ended;

    public GeminiStreamEncoder(String clientModel, boolean jsonArray) {
        this.clientModel = clientModel;
        this.jsonArray = jsonArray;
    }

    @Override
    public void onChunk(ChatEvent.Chunk chunk, Consumer<Buffer> out) {
        if (ended) return;
        Buffer frame = open();
        if (chunk.nativeBody().isPresent() && chunk.nativeBody().get().format() == WireFormat.GEMINI) {
            appendNative(frame, chunk.nativeBody().get().bytes());
        } else {
            Json.appendTo(frame, g -> GeminiAnswerEncoder.write(g, chunk.id(), clientModel, chunk.deltas(),
                    chunk.usage(), chunk.blockReason()));
        }
        out.accept(close(frame));
    }

    @Override
    public CharSequence contentType() {
        return jsonArray ? Headers.JSON : Headers.EVENT_STREAM;
    }

    @Override
    public void onKeepAlive(Consumer<Buffer> out) {
        if (!ended) out.accept((jsonArray ? ARRAY_KEEP_ALIVE : SSE_KEEP_ALIVE).copy());
    }

    /** A stream that ends without a finish reason was cut off; the client is told so rather than left guessing. */
    @Override
    public void onCompleted(boolean sawFinish, Consumer<Buffer> out) {
        if (ended) return;
        if (!sawFinish) {
            onFailed(new GatewayException(ErrorKind.UPSTREAM, "upstream stream ended without a finish reason"), out);
            return;
        }
        ended = true;
        if (jsonArray) out.accept(Buffer.buffer(arrayOpened ? "]" : "[]"));
    }

    @Override
    public void onFailed(GatewayException e, Consumer<Buffer> out) {
        if (ended) return;
        Buffer frame = open();
        Json.appendTo(frame, g -> GoogleErrors.write(g, e));
        out.accept(close(frame));
        ended = true;
        if (jsonArray) out.accept(Buffer.buffer("]"));
    }

    /**
     * Gemini's events are single-line JSON, so they normally pass as they are. Should one span lines, each
     * line needs its own "data: " prefix to remain one SSE event.
     */
    private void appendNative(Buffer frame, Buffer bytes) {
        if (jsonArray) {
            frame.appendBuffer(bytes);
            return;
        }
        int start = 0;
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.getByte(i) != '\n') continue;
            int end = i > start && bytes.getByte(i - 1) == '\r' ? i - 1 : i;
            frame.appendBuffer(bytes, start, end - start).appendString("\ndata: ");
            start = i + 1;
        }
        frame.appendBuffer(bytes, start, bytes.length() - start);
    }

    private Buffer open() {
        Buffer frame = Buffer.buffer(256);
        if (!jsonArray) {
            frame.appendString("data: ");
        } else {
            frame.appendString(arrayOpened ? ",\r\n" : "[");
            arrayOpened = true;
        }
        return frame;
    }

    private Buffer close(Buffer frame) {
        return jsonArray ? frame : frame.appendString("\r\n\r\n");
    }
}

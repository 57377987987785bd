package dev.switchboard.model;

import java.util.Optional;

/**
 * One piece of message content, wire-agnostic. Signatures are Gemini's opaque {@code thoughtSignature}
 * values, carried so that the next turn can send them back (Gemini 3 rejects tool turns without them).
 */
public sealed interface Part {

    /** Visible answer text. */
    record Text(String text, Optional<String> signature) implements Part {
        public static Text of(String text) { return new Text(text, Optional.empty()); }
    }

    /** Model reasoning ("thought" parts); never shown as content. */
    record Reasoning(String text, Optional<String> signature) implements Part {
        public static Reasoning of(String text) { return new Reasoning(text, Optional.empty()); }
    }

    /** Inline binary data (images, audio, PDF), base64-encoded as on the wire. */
    record InlineData(String mimeType, String base64) implements Part {}

    /** Data by reference: an http(s) URL or a Google file URI. The MIME type may be unknown. */
    record FileData(Optional<String> mimeType, String uri) implements Part {}

    /** A function call by the model. {@code argumentsJson} is JSON text (an object). */
    record ToolCall(String id, String name, String argumentsJson, Optional<String> signature) implements Part {}

    /** The result of a function call, sent back by the client. {@code content} is the tool's output text. */
    record ToolResult(String callId, String name, String content) implements Part {}
}

package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.format.DataUrl;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Canonical messages as OpenAI's {@code messages} array. Text-only content is a plain string; anything else
 * is a content array (images as {@code image_url}, wav/mp3 audio as {@code input_audio}, other files as
 * {@code file} with a data URL). Tool results become {@code tool} messages, one per result, wherever they
 * were (Gemini puts them in user turns). Reasoning is not sent back: OpenAI-compatible servers either ignore
 * it or reject it, and neither are Gemini thought signatures: ids go upstream as the base ids the client
 * echoed, the same in {@code tool_calls} and in {@code tool_call_id}.
 */
final class OpenAiMessageEncoder {
    private OpenAiMessageEncoder() {}

    static void writeMessages(JsonGenerator g, List<Message> messages) throws IOException {
        g.writeArrayFieldStart("messages");
        for (Message m : messages) writeMessage(g, m);
        g.writeEndArray();
    }

    private static void writeMessage(JsonGenerator g, Message m) throws IOException {
        List<Part> content = new ArrayList<>(m.parts().size());
        List<Part.ToolCall> calls = new ArrayList<>(0);
        for (Part p : m.parts()) {
            switch (p) {
                case Part.ToolResult r -> writeToolResult(g, r);
                case Part.ToolCall c -> calls.add(c);
                case Part.Reasoning r -> { }
                case Part.Text t -> content.add(t);
                case Part.InlineData d -> content.add(d);
                case Part.FileData f -> content.add(f);
            }
        }
        if (m.role() == Role.TOOL || content.isEmpty() && calls.isEmpty()) return;
        g.writeStartObject();
        g.writeStringField("role", role(m.role()));
        if (m.name().isPresent()) g.writeStringField("name", m.name().get());
        if (content.isEmpty()) g.writeNullField("content");
        else writeContent(g, content, m.role());
        if (!calls.isEmpty()) writeToolCalls(g, calls);
        g.writeEndObject();
    }

    private static String role(Role r) {
        return switch (r) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
            case TOOL -> "tool";
        };
    }

    private static void writeContent(JsonGenerator g, List<Part> content, Role role) throws IOException {
        boolean textOnly = content.stream().allMatch(p -> p instanceof Part.Text);
        // Only user messages may carry media parts; for the other roles, text is all OpenAI accepts.
        if (textOnly || role != Role.USER) {
            StringBuilder b = new StringBuilder();
            for (Part p : content) if (p instanceof Part.Text t) b.append(t.text());
            g.writeStringField("content", b.toString());
            return;
        }
        g.writeArrayFieldStart("content");
        for (Part p : content) writeContentPart(g, p);
        g.writeEndArray();
    }

    private static void writeContentPart(JsonGenerator g, Part p) throws IOException {
        g.writeStartObject();
        switch (p) {
            case Part.Text t -> {
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
            }
            case Part.InlineData d -> writeData(g, d.mimeType(), DataUrl.of(d.mimeType(), d.base64()), d.base64());
            case Part.FileData f -> {
                g.writeStringField("type", "image_url");
                g.writeObjectFieldStart("image_url");
                g.writeStringField("url", f.uri());
                g.writeEndObject();
            }
            case Part.Reasoning r -> throw new IllegalStateException("reasoning is filtered out before");
            case Part.ToolCall c -> throw new IllegalStateException("tool calls are filtered out before");
            case Part.ToolResult r -> throw new IllegalStateException("tool results are filtered out before");
        }
        g.writeEndObject();
    }

    private static void writeData(JsonGenerator g, String mime, String dataUrl, String base64) throws IOException {
        String m = mime.toLowerCase(Locale.ROOT);
        if (m.startsWith("image/")) {
            g.writeStringField("type", "image_url");
            g.writeObjectFieldStart("image_url");
            g.writeStringField("url", dataUrl);
            g.writeEndObject();
        } else if (m.equals("audio/wav") || m.equals("audio/x-wav") || m.equals("audio/mp3") || m.equals("audio/mpeg")) {
            g.writeStringField("type", "input_audio");
            g.writeObjectFieldStart("input_audio");
            g.writeStringField("data", base64);
            g.writeStringField("format", m.contains("wav") ? "wav" : "mp3");
            g.writeEndObject();
        } else {
            g.writeStringField("type", "file");
            g.writeObjectFieldStart("file");
            g.writeStringField("file_data", dataUrl);
            g.writeEndObject();
        }
    }

    private static void writeToolCalls(JsonGenerator g, List<Part.ToolCall> calls) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (Part.ToolCall c : calls) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", c.name());
            g.writeStringField("arguments", c.argumentsJson());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeToolResult(JsonGenerator g, Part.ToolResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", "tool");
        g.writeStringField("tool_call_id", r.callId());
        g.writeStringField("content", r.content());
        g.writeEndObject();
    }
}

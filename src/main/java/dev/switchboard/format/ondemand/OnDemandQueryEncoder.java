package dev.switchboard.format.ondemand;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A canonical request as the body of OnDemand's {@code POST /sessions/{id}/query}. OnDemand takes one query
 * string per call, so the conversation is laid out in it as follows (see docs/providers.md):
 *
 * <ul>
 *   <li>System (and developer) messages are not part of the query: their texts, joined by a blank line,
 *       become {@code modelConfigs.fulfillmentPrompt}.</li>
 *   <li>A conversation of one user message is sent as that message's text, unchanged.</li>
 *   <li>Otherwise every message before the last one is rendered, oldest first, inside
 *       {@code <conversation_history>…</conversation_history>}, one
 *       {@code <message role="user|assistant|tool">} block each (texts verbatim; an assistant's tool calls as
 *       {@code <tool_call id name>arguments</tool_call>}; tool results as {@code role="tool"} blocks with
 *       {@code call_id} and {@code name}). Then, after a blank line, the last message: a user message's text
 *       as it is, any other message as one more block.</li>
 * </ul>
 *
 * Reasoning parts are not sent back. Images and files cannot be carried in a query and are refused
 * (400), as is {@code n > 1}. Tool definitions are not sent: OnDemand runs its own plugins instead.
 */
public final class OnDemandQueryEncoder {
    private OnDemandQueryEncoder() {}

    /** What a query depends on besides the request. {@code pluginIds} empty: none sent (the session's apply). */
    public record Target(String endpointId, boolean stream, List<String> pluginIds) {
        public Target {
            pluginIds = List.copyOf(pluginIds);
        }
    }

    /** Fails with a client error (400) if OnDemand cannot carry the request faithfully. */
    public static void check(ChatRequest r) {
        if (r.params().candidateCount().orElse(1) > 1) {
            throw GatewayException.invalid("n", "OnDemand returns one answer per request; 'n' must be 1");
        }
        for (int i = 0; i < r.messages().size(); i++) {
            for (Part p : r.messages().get(i).parts()) {
                if (p instanceof Part.InlineData || p instanceof Part.FileData) {
                    throw GatewayException.invalid("messages[" + i + "].content",
                            "OnDemand queries carry text only; images and files cannot be sent to this provider");
                }
            }
        }
        if (query(r.messages()).isBlank()) {
            throw GatewayException.invalid("messages", "OnDemand needs at least one non-system message with text");
        }
    }

    public static Buffer encode(ChatRequest r, Target target) {
        check(r);
        String prompt = systemPrompt(r.messages());
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("endpointId", target.endpointId());
            g.writeStringField("query", query(r.messages()));
            g.writeStringField("responseMode", target.stream() ? "stream" : "sync");
            if (!target.pluginIds().isEmpty()) {
                g.writeArrayFieldStart("pluginIds");
                for (String id : target.pluginIds()) g.writeString(id);
                g.writeEndArray();
            }
            writeModelConfigs(g, prompt, r.params());
            g.writeEndObject();
        });
    }

    static String systemPrompt(List<Message> messages) {
        List<String> texts = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM) {
                String t = text(m);
                if (!t.isEmpty()) texts.add(t);
            }
        }
        return String.join("\n\n", texts);
    }

    /** The query text: the conversation in the layout described above. */
    static String query(List<Message> messages) {
        List<Message> turns = messages.stream().filter(m -> m.role() != Role.SYSTEM).toList();
        if (turns.isEmpty()) return "";
        Message last = turns.getLast();
        boolean lastIsUser = last.role() == Role.USER && last.parts().stream().allMatch(p -> p instanceof Part.Text);
        if (turns.size() == 1 && lastIsUser) return text(last);
        StringBuilder b = new StringBuilder("<conversation_history>\n");
        List<Message> history = lastIsUser ? turns.subList(0, turns.size() - 1) : turns;
        for (Message m : history) block(b, m);
        b.append("</conversation_history>");
        if (lastIsUser) b.append("\n\n").append(text(last));
        return b.toString();
    }

    private static void block(StringBuilder b, Message m) {
        List<Part.ToolResult> results = new ArrayList<>(0);
        StringBuilder body = new StringBuilder();
        for (Part p : m.parts()) {
            switch (p) {
                case Part.Text t -> append(body, t.text());
                case Part.ToolCall c -> append(body, "<tool_call id=\"" + c.id() + "\" name=\"" + c.name() + "\">"
                        + c.argumentsJson() + "</tool_call>");
                case Part.ToolResult r -> results.add(r);
                case Part.Reasoning r -> { }
                case Part.InlineData d -> { }
                case Part.FileData f -> { }
            }
        }
        for (Part.ToolResult r : results) {
            b.append("<message role=\"tool\" call_id=\"").append(r.callId()).append("\" name=\"").append(r.name())
                    .append("\">\n").append(r.content()).append("\n</message>\n");
        }
        if (body.isEmpty() && (!results.isEmpty() || m.role() == Role.TOOL)) return;
        b.append("<message role=\"").append(role(m.role())).append("\">\n").append(body).append("\n</message>\n");
    }

    private static void append(StringBuilder body, String text) {
        if (!body.isEmpty()) body.append('\n');
        body.append(text);
    }

    private static String role(Role r) {
        return switch (r) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
            case TOOL -> "tool";
        };
    }

    /** The texts of a message, joined by line breaks (separate text parts are separate paragraphs). */
    private static String text(Message m) {
        StringBuilder b = new StringBuilder();
        for (Part p : m.parts()) if (p instanceof Part.Text t) append(b, t.text());
        return b.toString();
    }

    private static void writeModelConfigs(JsonGenerator g, String prompt, GenerationParams p) throws IOException {
        boolean any = !prompt.isEmpty() || !p.stop().isEmpty() || p.temperature().isPresent() || p.topP().isPresent()
                || p.maxTokens().isPresent() || p.presencePenalty().isPresent() || p.frequencyPenalty().isPresent();
        if (!any) return;
        g.writeObjectFieldStart("modelConfigs");
        if (!prompt.isEmpty()) g.writeStringField("fulfillmentPrompt", prompt);
        if (!p.stop().isEmpty()) {
            g.writeArrayFieldStart("stopSequences");
            for (String s : p.stop()) g.writeString(s);
            g.writeEndArray();
        }
        if (p.temperature().isPresent()) g.writeNumberField("temperature", p.temperature().getAsDouble());
        if (p.topP().isPresent()) g.writeNumberField("topP", p.topP().getAsDouble());
        if (p.maxTokens().isPresent()) g.writeNumberField("maxTokens", p.maxTokens().getAsInt());
        if (p.presencePenalty().isPresent()) g.writeNumberField("presencePenalty", p.presencePenalty().getAsDouble());
        if (p.frequencyPenalty().isPresent()) g.writeNumberField("frequencyPenalty", p.frequencyPenalty().getAsDouble());
        g.writeEndObject();
    }
}

package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes canonical messages as Gemini {@code systemInstruction} and {@code contents}.
 *
 * <p>System messages, wherever they stand, become one {@code systemInstruction} part each (Gemini has no
 * system turns). Consecutive messages of the same kind are merged into one content: Gemini documents
 * alternating user/model turns, and parallel tool results belong together in one user turn. Tool results
 * are not merged with user text, so that each function response turn holds only function responses.
 *
 * <p>Function call and response ids are not sent: Gemini pairs them by name and order, and some Gemini
 * endpoints reject ids they did not issue.
 */
final class GeminiContentsEncoder {
    /**
     * Gemini 3 rejects a model turn whose first function call has no thought signature. For calls that never
     * had one (history written by another model, or by the client), the Gemini docs name this value as one
     * that skips the check. It is sent for older models too, which accept and ignore it.
     */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private enum Kind { SYSTEM, USER, MODEL, TOOL_RESULTS }

    private record Item(Part part, int messageIndex) {}

    private record Turn(Kind kind, List<Item> items) {}

    private GeminiContentsEncoder() {}

    static void writeSystemInstruction(JsonGenerator g, List<Message> messages) throws IOException {
        boolean started = false;
        for (Message m : messages) {
            if (m.role() != Role.SYSTEM) continue;
            String text = textOf(m);
            if (text.isEmpty()) continue;
            if (!started) {
                g.writeObjectFieldStart("systemInstruction");
                g.writeArrayFieldStart("parts");
                started = true;
            }
            g.writeStartObject();
            g.writeStringField("text", text);
            g.writeEndObject();
        }
        if (started) {
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static void writeContents(JsonGenerator g, List<Message> messages) throws IOException {
        g.writeArrayFieldStart("contents");
        for (Turn turn : turns(messages)) writeTurn(g, turn);
        g.writeEndArray();
    }

    /** Parts Gemini would reject or ignore are dropped first, so that a turn left empty merges nothing apart. */
    private static List<Turn> turns(List<Message> messages) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Kind kind = switch (m.role()) {
                case SYSTEM -> Kind.SYSTEM;
                case USER -> Kind.USER;
                case ASSISTANT -> Kind.MODEL;
                case TOOL -> Kind.TOOL_RESULTS;
            };
            if (kind == Kind.SYSTEM) continue;
            for (Part p : m.parts()) {
                if (!writable(p)) continue;
                if (turns.isEmpty() || turns.getLast().kind() != kind) turns.add(new Turn(kind, new ArrayList<>()));
                turns.getLast().items().add(new Item(p, i));
            }
        }
        return turns;
    }

    private static void writeTurn(JsonGenerator g, Turn turn) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", turn.kind() == Kind.MODEL ? "model" : "user");
        g.writeArrayFieldStart("parts");
        boolean callWritten = false;
        for (Item item : turn.items()) {
            switch (item.part()) {
                case Part.Text t -> GeminiParts.text(g, t.text(), false, t.signature());
                case Part.Reasoning r -> GeminiParts.text(g, r.text(), true, r.signature());
                case Part.InlineData d -> GeminiParts.inlineData(g, d.mimeType(), d.base64());
                case Part.FileData f ->
                        GeminiParts.fileData(g, Optional.of(fileMimeType(f)).filter(s -> !s.isEmpty()), f.uri());
                case Part.ToolCall c -> {
                    writeCall(g, c, item.messageIndex(), !callWritten);
                    callWritten = true;
                }
                case Part.ToolResult r -> GeminiParts.functionResponse(g, Optional.empty(), r.name(), r.content());
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static boolean writable(Part part) {
        return switch (part) {
            case Part.Text t -> !t.text().isEmpty() || t.signature().isPresent();
            // Gemini reads nothing from unsigned thought text of earlier turns, so it is not sent.
            case Part.Reasoning r -> r.signature().isPresent();
            case Part.InlineData d -> true;
            case Part.FileData f -> true;
            case Part.ToolCall c -> true;
            case Part.ToolResult r -> true;
        };
    }

    /**
     * A reference with no known type almost always comes from an OpenAI {@code image_url} whose URL has no
     * telling extension, so it is sent as image/jpeg (Gemini reads the actual image format from the data).
     * YouTube links are the exception: Gemini takes them without a type.
     */
    static String fileMimeType(Part.FileData f) {
        if (f.mimeType().isPresent()) return f.mimeType().get();
        String uri = f.uri();
        boolean youtube = uri.contains("://www.youtube.com/") || uri.contains("://youtube.com/")
                || uri.contains("://youtu.be/");
        return youtube ? "" : "image/jpeg";
    }

    private static void writeCall(JsonGenerator g, Part.ToolCall call, int messageIndex, boolean firstInTurn)
            throws IOException {
        Optional<String> signature = call.signature();
        if (firstInTurn && signature.isEmpty()) signature = Optional.of(SKIP_SIGNATURE);
        GeminiParts.functionCall(g, Optional.empty(), call.name(), arguments(call, messageIndex), signature);
    }

    private static JsonNode arguments(Part.ToolCall call, int messageIndex) {
        String text = call.argumentsJson().strip();
        if (text.isEmpty()) return Json.object();
        Optional<JsonNode> args = Json.tryParse(text);
        if (args.isEmpty() || !args.get().isObject()) {
            String param = "messages[" + messageIndex + "].tool_calls";
            throw GatewayException.invalid(param, "'" + param + "': the arguments of tool call '" + call.id()
                    + "' (" + call.name() + ") are not a JSON object");
        }
        return args.get();
    }

    private static String textOf(Message m) {
        StringBuilder text = new StringBuilder();
        for (Part p : m.parts()) if (p instanceof Part.Text t) text.append(t.text());
        return text.toString();
    }
}

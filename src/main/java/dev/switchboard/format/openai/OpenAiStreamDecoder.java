package dev.switchboard.format.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI-compatible upstream's {@code chat.completion.chunk}s as canonical chunks. Stateful: one per stream.
 *
 * <p>Text and reasoning deltas are relayed as they come. Tool calls are not: OpenAI streams a call's
 * arguments in pieces, while a canonical {@link Part.ToolCall} is whole (name and complete arguments), which
 * is what every client encoder needs (Gemini's functionCall has no partial form). So the pieces are gathered
 * per tool index and each call is emitted, complete and in order, as soon as it is known to be complete: when
 * a later call starts, or with the choice's finish reason. Servers that reuse index 0 for every call are
 * handled by starting a new call whenever a different id arrives.
 */
public final class OpenAiStreamDecoder {
    private final Map<Integer, ChoiceCalls> calls = new LinkedHashMap<>(2);
    private String lastId = "";

    /** One {@code data:} payload (not {@code [DONE]}) as a chunk. */
    public ChatEvent.Chunk decode(String data) {
        return decode(Buffer.buffer(data));
    }

    /** One {@code data:} payload (not {@code [DONE]}) as UTF-8 bytes. */
    public ChatEvent.Chunk decode(Buffer data) {
        JsonNode root = Json.parseObject(data, ErrorKind.UPSTREAM, "upstream stream chunk");
        if (root.path("error").isObject()) throw OpenAiUpstreamErrors.inBand(root.get("error"));
        String id = root.path("id").asText(lastId);
        lastId = id;
        List<Choice> deltas = new ArrayList<>(1);
        int position = 0;
        for (JsonNode c : root.path("choices")) {
            int index = c.path("index").asInt(position++);
            deltas.add(delta(index, c));
        }
        return new ChatEvent.Chunk(id, deltas, OpenAiAnswerParts.usage(root), Optional.empty(), Optional.empty());
    }

    /** The stream ended: calls still being gathered (a stream cut before its finish reason), if any. */
    public Optional<ChatEvent.Chunk> end() {
        List<Choice> rest = new ArrayList<>(0);
        calls.forEach((index, pending) -> {
            List<Part> parts = new ArrayList<>(pending.drain());
            if (!parts.isEmpty()) rest.add(new Choice(index, parts, Optional.empty()));
        });
        calls.clear();
        if (rest.isEmpty()) return Optional.empty();
        return Optional.of(new ChatEvent.Chunk(lastId, rest, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private Choice delta(int index, JsonNode choice) {
        JsonNode delta = choice.path("delta");
        List<Part> parts = new ArrayList<>(2);
        OpenAiAnswerParts.textParts(delta, parts);
        JsonNode toolCalls = delta.path("tool_calls");
        ChoiceCalls pending = calls.get(index);
        if (toolCalls.isArray() && !toolCalls.isEmpty()) {
            if (pending == null) {
                pending = new ChoiceCalls(lastId, index);
                calls.put(index, pending);
            }
            for (JsonNode piece : toolCalls) pending.add(piece, parts);
        }
        Optional<FinishReason> finish = OpenAiAnswerParts.finishReason(choice);
        if (finish.isPresent() && pending != null) {
            parts.addAll(pending.drain());
            calls.remove(index);
        }
        return new Choice(index, parts, finish);
    }

    /** Tool calls of one choice being gathered, by tool index. */
    private static final class ChoiceCalls {
        private final String streamId;
        private final int choice;
        private final List<Building> open = new ArrayList<>(1);
        private int generated;

        ChoiceCalls(String streamId, int choice) {
            this.streamId = streamId;
            this.choice = choice;
        }

        void add(JsonNode piece, List<Part> completed) {
            int index = piece.path("index").asInt(open.isEmpty() ? 0 : open.getLast().index);
            String id = piece.path("id").asText("");
            JsonNode fn = piece.path("function");
            Building b = find(index);
            if (b != null && !id.isEmpty() && !b.id.isEmpty() && !b.id.equals(id)) {
                completeUpTo(b, completed);
                b = null;
            }
            if (b == null) {
                // A new call: the ones before it are complete.
                completeAll(completed);
                b = new Building(index);
                open.add(b);
            }
            if (!id.isEmpty()) b.id = id;
            if (fn.path("name").isTextual() && b.name.isEmpty()) b.name = fn.path("name").textValue();
            JsonNode args = fn.path("arguments");
            if (args.isTextual()) b.arguments.append(args.textValue());
            else if (args.isObject()) b.arguments.append(args);
        }

        List<Part> drain() {
            List<Part> out = new ArrayList<>(open.size());
            completeAll(out);
            return out;
        }

        private Building find(int index) {
            for (Building b : open) if (b.index == index) return b;
            return null;
        }

        private void completeUpTo(Building last, List<Part> out) {
            while (!open.isEmpty()) {
                Building b = open.removeFirst();
                out.add(b.toPart(this));
                if (b == last) return;
            }
        }

        private void completeAll(List<Part> out) {
            while (!open.isEmpty()) out.add(open.removeFirst().toPart(this));
        }

        String generatedId() {
            return "call_" + (streamId.isEmpty() ? "" : streamId + "_") + choice + "_" + generated++;
        }
    }

    private static final class Building {
        final int index;
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();

        Building(int index) {
            this.index = index;
        }

        Part.ToolCall toPart(ChoiceCalls owner) {
            String args = arguments.isEmpty() ? "{}" : arguments.toString();
            return new Part.ToolCall(id.isEmpty() ? owner.generatedId() : id, name, args, Optional.empty());
        }
    }
}

package dev.switchboard.format.openai;

import dev.switchboard.format.CallIds;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.WireFormat;
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
 * handled by starting a new call whenever a different id arrives, and pieces with no index at all by their ids
 * and names ({@link ChoiceCalls#add}).
 *
 * <p>Each chunk keeps its bytes as its native body (not copied), for {@link OpenAiStreamEncoder} to relay to
 * OpenAI clients with the pieces as they came, patched where a piece lacks what those clients need (its
 * index, a call's id and type; {@link OpenAiRelay#patchCall}) with the same index and id the gathered call
 * has; the gathered calls are for every other client format.
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
        OpenAiAnswerReader chunk = OpenAiAnswerReader.read(data, "upstream stream chunk");
        if (chunk.error().isPresent()) throw OpenAiUpstreamErrors.inBand(chunk.error().get());
        String id = chunk.id().orElse(lastId);
        lastId = id;
        List<Choice> deltas = new ArrayList<>(chunk.choices().size());
        int position = 0;
        for (OpenAiAnswerReader.ChoiceData c : chunk.choices()) {
            deltas.add(delta(c.indexOr(position), c, chunk.spans()));
            position++;
        }
        return new ChatEvent.Chunk(id, deltas, chunk.usage(), Optional.empty(),
                Optional.of(new NativeBody(WireFormat.OPENAI, data, chunk.spans())));
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

    private Choice delta(int index, OpenAiAnswerReader.ChoiceData choice, List<NativeBody.Span> spans) {
        List<Part> parts = new ArrayList<>(2);
        choice.textParts(parts);
        ChoiceCalls pending = calls.get(index);
        if (!choice.calls().isEmpty()) {
            if (pending == null) {
                pending = new ChoiceCalls(index);
                calls.put(index, pending);
            }
            for (OpenAiAnswerReader.CallData piece : choice.calls()) pending.add(piece, parts, spans);
        }
        Optional<FinishReason> finish = choice.finish();
        if (finish.isPresent() && pending != null) {
            parts.addAll(pending.drain());
            calls.remove(index);
        }
        return new Choice(index, parts, finish);
    }

    /** Tool calls of one choice being gathered, by tool index. */
    private static final class ChoiceCalls {
        private final int choice;
        private final List<Building> open = new ArrayList<>(1);
        /** The index the client is told for the next call. */
        private int nextClientIndex;

        ChoiceCalls(int choice) {
            this.choice = choice;
        }

        /**
         * One piece: the calls it completes go to {@code completed}, and what an OpenAI client needs that it
         * lacks goes to {@code spans} as patches ({@link OpenAiRelay#patchCall}). A piece continues the call
         * of its index (a piece without one, as Gemini's OpenAI-compatible API and older Ollama send them: the
         * last call) unless it names a function and brings a new id (a server that numbers every call 0), or,
         * without an index, names a function with no id while the last call has a name already. A later piece
         * with an id of its own and no name continues the call (Poolside changes a call's id after its first
         * piece).
         */
        void add(OpenAiAnswerReader.CallData piece, List<Part> completed, List<NativeBody.Span> spans) {
            String id = piece.id();
            Building b = piece.index() >= 0 ? find(piece.index()) : open.isEmpty() ? null : open.getLast();
            if (b != null && startsAnother(b, piece)) {
                completeUpTo(b, completed);
                b = null;
            }
            boolean starts = b == null;
            if (starts) {
                // A new call: the ones before it are complete.
                completeAll(completed);
                int clientIndex = piece.index() >= nextClientIndex ? piece.index() : nextClientIndex;
                nextClientIndex = clientIndex + 1;
                b = new Building(piece.index() >= 0 ? piece.index() : clientIndex, clientIndex);
                open.add(b);
                if (id.isEmpty()) {
                    b.id = CallIds.newToolCallId();
                    b.idGenerated = true;
                } else {
                    b.id = id;
                }
            }
            boolean named = !b.name.isEmpty();
            if (piece.name() != null && !named) b.name = piece.name();
            if (piece.arguments() != null) b.arguments.append(piece.arguments());
            OpenAiRelay.patchCall(spans, piece, choice, b.clientIndex, starts, named, starts && id.isEmpty() ? b.id : null);
        }

        /**
         * Whether {@code piece}, which would continue {@code b}, starts a call of its own: it names a function and
         * brings an id other than the upstream's id of {@code b}, or, without an index, no id while {@code b} has
         * a name already.
         */
        private static boolean startsAnother(Building b, OpenAiAnswerReader.CallData piece) {
            if (piece.name() == null) return false;
            String id = piece.id();
            boolean newId = !id.isEmpty() && !b.idGenerated && !b.id.equals(id);
            boolean nextUnnumbered = piece.index() < 0 && id.isEmpty() && !b.name.isEmpty();
            return newId || nextUnnumbered;
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
                out.add(b.toPart());
                if (b == last) return;
            }
        }

        private void completeAll(List<Part> out) {
            while (!open.isEmpty()) out.add(open.removeFirst().toPart());
        }
    }

    private static final class Building {
        /** The index the upstream gave it (or {@code clientIndex} when it gave none). */
        final int index;
        final int clientIndex;
        String id = "";
        boolean idGenerated;
        String name = "";
        final StringBuilder arguments = new StringBuilder();

        Building(int index, int clientIndex) {
            this.index = index;
            this.clientIndex = clientIndex;
        }

        Part.ToolCall toPart() {
            String args = arguments.isEmpty() ? "{}" : arguments.toString();
            return new Part.ToolCall(id, name, args, Optional.empty());
        }
    }
}

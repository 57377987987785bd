package dev.switchboard.format;

import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.Part;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies {@link ReasoningTagExtractor} to whole answers and to streams of any wire format, so that every
 * provider whose models inline their reasoning (OpenAI-compatible hosts, OnDemand, Vertex direct mode) can
 * turn it into reasoning parts the same way. Only {@link Part.Text} is inspected; other parts pass as they are.
 */
public final class ReasoningTags {
    private ReasoningTags() {}

    /** The answer with tagged text split out; the native body is dropped when anything changed. */
    public static ChatResponse apply(ChatResponse r, List<ReasoningTagExtractor.Tag> tags) {
        if (tags.isEmpty()) return r;
        boolean changed = false;
        List<Choice> choices = new ArrayList<>(r.choices().size());
        for (Choice c : r.choices()) {
            ReasoningTagExtractor x = new ReasoningTagExtractor(tags);
            List<Part> parts = split(c.parts(), x);
            parts.addAll(x.flush());
            List<Part> merged = merge(parts);
            changed |= !merged.equals(c.parts());
            choices.add(new Choice(c.index(), merged, c.finishReason()));
        }
        if (!changed) return r;
        return new ChatResponse(r.id(), r.model(), r.createdEpochSeconds(), choices, r.usage(), r.blockReason(),
                Optional.empty());
    }

    /** {@code decoder} with tagged text split out of every choice; {@code decoder} itself when there are no tags. */
    public static StreamDecoder wrap(StreamDecoder decoder, List<ReasoningTagExtractor.Tag> tags) {
        return tags.isEmpty() ? decoder : new Splitting(decoder, tags);
    }

    private static List<Part> split(List<Part> parts, ReasoningTagExtractor x) {
        List<Part> out = new ArrayList<>(parts.size() + 1);
        for (Part p : parts) {
            if (p instanceof Part.Text t && t.signature().isEmpty()) out.addAll(x.feed(t.text()));
            else out.add(p);
        }
        return out;
    }

    /** Adjacent texts (or reasonings) joined, as one extractor would have produced them from one string. */
    private static List<Part> merge(List<Part> parts) {
        List<Part> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            Part last = out.isEmpty() ? null : out.getLast();
            if (p instanceof Part.Text t && last instanceof Part.Text l && l.signature().isEmpty()) {
                out.set(out.size() - 1, Part.Text.of(l.text() + t.text()));
            } else if (p instanceof Part.Reasoning r && last instanceof Part.Reasoning l && l.signature().isEmpty()
                    && r.signature().isEmpty()) {
                out.set(out.size() - 1, Part.Reasoning.of(l.text() + r.text()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** One extractor per choice index; a choice's held-back text is released with its finish reason. */
    private static final class Splitting implements StreamDecoder {
        private final StreamDecoder inner;
        private final List<ReasoningTagExtractor.Tag> tags;
        private final Map<Integer, ReasoningTagExtractor> byChoice = new HashMap<>(2);
        private Optional<String> lastId = Optional.empty();

        Splitting(StreamDecoder inner, List<ReasoningTagExtractor.Tag> tags) {
            this.inner = inner;
            this.tags = tags;
        }

        @Override
        public void feed(Buffer bytes, Consumer<ChatEvent> out) {
            inner.feed(bytes, e -> out.accept(rewrite(e)));
        }

        @Override
        public void end(Consumer<ChatEvent> out) {
            inner.end(e -> out.accept(rewrite(e)));
            List<Choice> rest = new ArrayList<>();
            byChoice.forEach((index, x) -> {
                List<Part> parts = x.flush();
                if (!parts.isEmpty()) rest.add(new Choice(index, parts, Optional.empty()));
            });
            byChoice.clear();
            if (!rest.isEmpty()) {
                out.accept(new ChatEvent.Chunk(lastId.orElse(""), rest, Optional.empty(), Optional.empty(), Optional.empty()));
            }
        }

        private ChatEvent rewrite(ChatEvent e) {
            if (!(e instanceof ChatEvent.Chunk c)) return e;
            lastId = Optional.of(c.id());
            List<Choice> deltas = new ArrayList<>(c.deltas().size());
            for (Choice d : c.deltas()) {
                ReasoningTagExtractor x = byChoice.computeIfAbsent(d.index(), i -> new ReasoningTagExtractor(tags));
                List<Part> parts = split(d.parts(), x);
                if (d.finishReason().isPresent()) {
                    parts.addAll(x.flush());
                    byChoice.remove(d.index());
                }
                deltas.add(new Choice(d.index(), merge(parts), d.finishReason()));
            }
            return new ChatEvent.Chunk(c.id(), deltas, c.usage(), c.blockReason(), Optional.empty());
        }
    }
}

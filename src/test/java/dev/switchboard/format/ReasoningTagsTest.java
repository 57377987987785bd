package dev.switchboard.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReasoningTagsTest {
    static final List<ReasoningTagExtractor.Tag> THINK = List.of(ReasoningTagExtractor.Tag.named("think"));

    static ChatEvent.Chunk chunk(Choice... choices) {
        return new ChatEvent.Chunk("c", List.of(choices), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Choice text(int index, String text, FinishReason finish) {
        return new Choice(index, List.of(Part.Text.of(text)), Optional.ofNullable(finish));
    }

    /** A decoder that emits the scripted chunks, one per feed call, and nothing at the end. */
    static StreamDecoder scripted(List<ChatEvent.Chunk> chunks) {
        return new StreamDecoder() {
            int next;

            @Override
            public void feed(Buffer bytes, Consumer<ChatEvent> out) {
                out.accept(chunks.get(next++));
            }

            @Override
            public void end(Consumer<ChatEvent> out) {}
        };
    }

    @Test
    void eachChoiceHasItsOwnExtractorAndReleasesHeldTextWithItsFinish() {
        StreamDecoder d = ReasoningTags.wrap(scripted(List.of(
                chunk(text(0, "<think>a</th", null), text(1, "plain <", null)),
                chunk(text(0, "ink>b", null), text(1, "b", FinishReason.STOP)),
                chunk(text(0, " <thi", FinishReason.LENGTH)))), THINK);
        List<ChatEvent> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) d.feed(Buffer.buffer(), out::add);
        d.end(out::add);

        assertThat(out).hasSize(3);
        ChatEvent.Chunk first = (ChatEvent.Chunk) out.get(0);
        assertThat(first.deltas().get(0).parts()).containsExactly(Part.Reasoning.of("a"));
        assertThat(first.deltas().get(1).parts()).containsExactly(Part.Text.of("plain "));
        ChatEvent.Chunk second = (ChatEvent.Chunk) out.get(1);
        assertThat(second.deltas().get(0).parts()).containsExactly(Part.Text.of("b"));
        assertThat(second.deltas().get(1).parts()).containsExactly(Part.Text.of("<b"));
        ChatEvent.Chunk third = (ChatEvent.Chunk) out.get(2);
        assertThat(third.deltas().get(0).parts()).containsExactly(Part.Text.of(" <thi"));
        assertThat(third.deltas().get(0).finishReason()).contains(FinishReason.LENGTH);
    }

    @Test
    void streamEndingInsideAHeldPrefixReleasesItAtTheEnd() {
        StreamDecoder d = ReasoningTags.wrap(scripted(List.of(chunk(text(0, "answer <", null)))), THINK);
        List<ChatEvent> out = new ArrayList<>();
        d.feed(Buffer.buffer(), out::add);
        d.end(out::add);
        assertThat(out).hasSize(2);
        assertThat(((ChatEvent.Chunk) out.get(1)).deltas().getFirst().parts()).containsExactly(Part.Text.of("<"));
    }

    @Test
    void wholeAnswersAreSplitAndUntouchedAnswersKeptAsTheyAre() {
        ChatResponse tagged = new ChatResponse("r", "m", 1, List.of(text(0, "<think>x</think>y", FinishReason.STOP)),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(ReasoningTags.apply(tagged, THINK).choices().getFirst().parts())
                .containsExactly(Part.Reasoning.of("x"), Part.Text.of("y"));
        ChatResponse plain = new ChatResponse("r", "m", 1, List.of(text(0, "no tags", FinishReason.STOP)),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(ReasoningTags.apply(plain, THINK)).isSameAs(plain);
        StreamDecoder untouched = scripted(List.of());
        assertThat(ReasoningTags.wrap(untouched, List.of())).isSameAs(untouched);
    }
}

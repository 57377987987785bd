package dev.switchboard.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.Part;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningTagExtractorTest {
    static final List<ReasoningTagExtractor.Tag> THINK = List.of(ReasoningTagExtractor.Tag.named("think"));

    /** Feeds the pieces, flushes, and renders the parts as "R[...]" and "T[...]" with adjacent kinds merged. */
    static String run(List<ReasoningTagExtractor.Tag> tags, String... pieces) {
        ReasoningTagExtractor x = new ReasoningTagExtractor(tags);
        List<Part> parts = new ArrayList<>();
        for (String p : pieces) parts.addAll(x.feed(p));
        parts.addAll(x.flush());
        StringBuilder b = new StringBuilder();
        String open = "";
        for (Part p : parts) {
            String kind = p instanceof Part.Reasoning ? "R" : "T";
            String text = p instanceof Part.Reasoning r ? r.text() : ((Part.Text) p).text();
            assertThat(text).isNotEmpty();
            if (!kind.equals(open)) {
                if (!open.isEmpty()) b.append("]");
                b.append(kind).append("[");
                open = kind;
            }
            b.append(text);
        }
        if (!open.isEmpty()) b.append("]");
        return b.toString();
    }

    @Test
    void splitsReasoningFromAnswerAndDropsLineBreaksAroundTags() {
        assertThat(run(THINK, "<think>\nLet me see.\n</think>\n\nThe answer is 4."))
                .isEqualTo("R[Let me see.\n]T[The answer is 4.]");
    }

    @Test
    void everySplitPositionGivesTheSameResult() {
        String whole = "Intro <think>step 1 < 2, so </thi not a tag</think>\n\nDone <b>bold</b> <thin";
        String expected = run(THINK, whole);
        assertThat(expected).isEqualTo("T[Intro ]R[step 1 < 2, so </thi not a tag]T[Done <b>bold</b> <thin]");
        for (int i = 0; i <= whole.length(); i++) {
            for (int j = i; j <= whole.length(); j++) {
                assertThat(run(THINK, whole.substring(0, i), whole.substring(i, j), whole.substring(j)))
                        .as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void characterByCharacterStreamHoldsBackOnlyPossibleTagPrefixes() {
        ReasoningTagExtractor x = new ReasoningTagExtractor(THINK);
        assertThat(x.feed("a<")).containsExactly(Part.Text.of("a"));
        assertThat(x.feed("th")).isEmpty();
        assertThat(x.feed("x")).containsExactly(Part.Text.of("<thx"));
        assertThat(x.feed("<think>ok")).containsExactly(Part.Reasoning.of("ok"));
        assertThat(x.feed("</")).isEmpty();
        assertThat(x.feed("think>")).isEmpty();
        assertThat(x.feed("b")).containsExactly(Part.Text.of("b"));
    }

    @Test
    void unclosedReasoningStaysReasoningAtTheEnd() {
        assertThat(run(THINK, "<think>still thinking </thi")).isEqualTo("R[still thinking </thi]");
    }

    @Test
    void severalTagPairsEachCloseWithTheirOwnMarker() {
        List<ReasoningTagExtractor.Tag> tags = List.of(ReasoningTagExtractor.Tag.named("think"),
                new ReasoningTagExtractor.Tag("[[reasoning]]", "[[/reasoning]]"));
        assertThat(run(tags, "[[reasoning]]a</think>b[[/reasoning]]c<think>d</think>e"))
                .isEqualTo("R[a</think>b]T[c]R[d]T[e]");
    }

    @Test
    void textWithoutTagsPassesThroughUnchanged() {
        assertThat(run(THINK, "plain ", "text\n\n", "with lines")).isEqualTo("T[plain text\n\nwith lines]");
    }
}

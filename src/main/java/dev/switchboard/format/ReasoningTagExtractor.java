package dev.switchboard.format;

import dev.switchboard.model.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits answer text that carries its reasoning inline ({@code <think>…</think>}, as DeepSeek R1 and
 * friends do on many hosts) into reasoning and visible text. Streaming: text arrives in arbitrary pieces
 * and a tag may be cut anywhere, so only a suffix that could still become a tag is held back; everything
 * else is released at once. One extractor per answer (per choice in a stream); not thread-safe.
 *
 * <p>Line breaks right after a tag are dropped ({@code "<think>\n"}, {@code "</think>\n\n"}): they are
 * layout around the tag, not part of either text. Tags do not nest; an opening tag inside reasoning is
 * reasoning text.
 */
public final class ReasoningTagExtractor {
    private final List<Tag> tags;
    private final StringBuilder held = new StringBuilder();
    private Optional<Tag> inside = Optional.empty();
    private boolean afterTag;

    /** An opening and a closing marker, e.g. {@code <think>} and {@code </think>}. */
    public record Tag(String open, String close) {
        public Tag {
            if (open.isEmpty() || close.isEmpty()) throw new IllegalArgumentException("reasoning tags must not be empty");
        }

        /** {@code <name>} and {@code </name>}. */
        public static Tag named(String name) {
            return new Tag("<" + name + ">", "</" + name + ">");
        }
    }

    public ReasoningTagExtractor(List<Tag> tags) {
        if (tags.isEmpty()) throw new IllegalArgumentException("at least one reasoning tag is needed");
        this.tags = List.copyOf(tags);
    }

    /** The parts {@code text} completes, in order: {@link Part.Text} and {@link Part.Reasoning}, never empty ones. */
    public List<Part> feed(String text) {
        List<Part> out = new ArrayList<>(2);
        String s = held.isEmpty() ? text : held.append(text).toString();
        held.setLength(0);
        int pos = 0;
        while (pos < s.length()) {
            if (inside.isPresent()) {
                String close = inside.get().close();
                int end = s.indexOf(close, pos);
                if (end < 0) {
                    pos = release(s, pos, close.length() - 1, List.of(close), true, out);
                    break;
                }
                emit(s.substring(pos, end), true, out);
                inside = Optional.empty();
                afterTag = true;
                pos = end + close.length();
            } else {
                int best = -1;
                Tag found = null;
                for (Tag t : tags) {
                    int at = s.indexOf(t.open(), pos);
                    if (at >= 0 && (best < 0 || at < best)) {
                        best = at;
                        found = t;
                    }
                }
                if (found == null) {
                    pos = release(s, pos, longestOpen() - 1, tags.stream().map(Tag::open).toList(), false, out);
                    break;
                }
                emit(s.substring(pos, best), false, out);
                inside = Optional.of(found);
                afterTag = true;
                pos = best + found.open().length();
            }
        }
        return out;
    }

    /** The answer ended: whatever was held back is text of the kind it was in (an unclosed tag stays reasoning). */
    public List<Part> flush() {
        List<Part> out = new ArrayList<>(1);
        String rest = held.toString();
        held.setLength(0);
        emit(rest, inside.isPresent(), out);
        return out;
    }

    /**
     * Emits {@code s[pos..]} except for its longest suffix that is a proper prefix of one of {@code markers},
     * which is held back for the next piece. Returns the new position (the end of {@code s}).
     */
    private int release(String s, int pos, int maxHold, List<String> markers, boolean reasoning, List<Part> out) {
        int keep = 0;
        for (int k = Math.min(maxHold, s.length() - pos); k > 0 && keep == 0; k--) {
            for (String m : markers) {
                if (k < m.length() && s.regionMatches(s.length() - k, m, 0, k)) {
                    keep = k;
                    break;
                }
            }
        }
        emit(s.substring(pos, s.length() - keep), reasoning, out);
        held.append(s, s.length() - keep, s.length());
        return s.length();
    }

    private void emit(String text, boolean reasoning, List<Part> out) {
        if (afterTag) {
            int skip = 0;
            while (skip < text.length() && (text.charAt(skip) == '\n' || text.charAt(skip) == '\r')) skip++;
            text = text.substring(skip);
            if (text.isEmpty()) return;
            afterTag = false;
        }
        if (text.isEmpty()) return;
        if (!out.isEmpty()) {
            Part last = out.getLast();
            if (reasoning && last instanceof Part.Reasoning r) {
                out.set(out.size() - 1, Part.Reasoning.of(r.text() + text));
                return;
            }
            if (!reasoning && last instanceof Part.Text t) {
                out.set(out.size() - 1, Part.Text.of(t.text() + text));
                return;
            }
        }
        out.add(reasoning ? Part.Reasoning.of(text) : Part.Text.of(text));
    }

    private int longestOpen() {
        int n = 0;
        for (Tag t : tags) n = Math.max(n, t.open().length());
        return n;
    }
}

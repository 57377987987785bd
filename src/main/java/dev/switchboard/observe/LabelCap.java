package dev.switchboard.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a metric label's values few: the first {@code max} distinct values are used as they are, later ones
 * (and overlong ones) become {@code other}, so that clients sending arbitrary model names cannot grow the
 * number of time series without bound.
 */
final class LabelCap {
    static final String OTHER = "other";
    static final String NONE = "none";
    private static final int MAX_LENGTH = 80;

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    LabelCap(int max) {
        this.max = max;
    }

    String of(String value) {
        if (value == null || value.isEmpty()) return NONE;
        if (admitted.contains(value)) return value;
        if (value.length() > MAX_LENGTH || admitted.size() >= max) return OTHER;
        admitted.add(value);
        return value;
    }

    /** Values known in advance (configured model names) take their places first. */
    void admit(String value) {
        if (value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && admitted.size() < max) admitted.add(value);
    }
}

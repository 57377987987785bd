package dev.switchboard.observe;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last few failures, newest first, for the status page. Messages arrive redacted; they are cut short here. */
final class RecentErrors {
    private static final int MAX_MESSAGE = 300;

    /** One failure: an upstream attempt's (with its credential) or, with no attempt to blame, a request's. */
    record Entry(Instant at, String requestId, String scope, String provider, String credential, String model,
                 String kind, int status, String message) {}

    private final int capacity;
    private final ArrayDeque<Entry> entries;

    RecentErrors(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    synchronized void add(Entry e) {
        String m = e.message().replaceAll("\\s+", " ").strip();
        if (m.length() > MAX_MESSAGE) m = m.substring(0, MAX_MESSAGE) + "…";
        if (entries.size() == capacity) entries.removeLast();
        entries.addFirst(new Entry(e.at(), e.requestId(), e.scope(), e.provider(), e.credential(), e.model(), e.kind(),
                e.status(), m));
    }

    synchronized List<Entry> newestFirst() {
        return new ArrayList<>(entries);
    }
}

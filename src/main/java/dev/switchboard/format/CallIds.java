package dev.switchboard.format;

import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers for tool calls and answers whose upstream gave none. */
public final class CallIds {
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private CallIds() {}

    /** {@code call_} and 24 random alphanumerics, the shape OpenAI clients are used to. */
    public static String newToolCallId() {
        return "call_" + randomAlphanumeric(24);
    }

    public static String randomAlphanumeric(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        return new String(out);
    }
}

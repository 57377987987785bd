package dev.switchboard.credential;

/** Masking of secrets for anything a person or a log can see. */
public final class Secrets {
    private Secrets() {}

    /** {@code AIza…x7Qk}: the first and last four characters, or just {@code ****} for short secrets. */
    public static String mask(String secret) {
        String s = secret.strip();
        if (s.length() < 12) return "****";
        return s.substring(0, 4) + "…" + s.substring(s.length() - 4);
    }

    /** An id for a credential configured without one. */
    public static String derivedId(String provider, String secret) {
        return provider + ":" + mask(secret);
    }

    /** Replaces every occurrence of each secret in {@code text} by its mask (upstream error messages echo keys). */
    public static String redact(String text, Iterable<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 8 && out.contains(s)) out = out.replace(s, mask(s));
        }
        return out;
    }
}

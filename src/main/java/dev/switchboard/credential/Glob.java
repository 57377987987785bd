package dev.switchboard.credential;

/** Shell-style globs on model names: {@code *} any run, {@code ?} one character; case-sensitive. */
public final class Glob {
    private Glob() {}

    public static boolean matches(String pattern, String text) {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }
}

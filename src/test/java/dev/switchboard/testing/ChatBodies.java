package dev.switchboard.testing;

/** The OpenAI chat request most end-to-end tests send: one user turn for {@code gemini-2.5-flash}, plain or streamed. */
public final class ChatBodies {
    public static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    public static final String STREAM = "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private ChatBodies() {}
}

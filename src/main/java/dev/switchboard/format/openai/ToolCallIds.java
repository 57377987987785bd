package dev.switchboard.format.openai;

import java.util.Optional;

/**
 * Carries Gemini thought signatures through OpenAI clients. OpenAI's format has no field for them, but every
 * client echoes a tool call's {@code id} back unchanged (in the assistant message and as the tool message's
 * {@code tool_call_id}), so the signature rides in the id: {@code <baseId>__thought__<signature>}. Signatures
 * are base64 text and are kept as they are. Canonical parts hold the base id and the signature separately.
 */
public final class ToolCallIds {
    static final String SEPARATOR = "__thought__";

    private ToolCallIds() {}

    /** A wire id split into the canonical base id and the signature it carried, if any. */
    public record Split(String baseId, Optional<String> signature) {}

    public static String embed(String baseId, Optional<String> signature) {
        return signature.filter(s -> !s.isEmpty()).map(s -> baseId + SEPARATOR + s).orElse(baseId);
    }

    public static Split split(String wireId) {
        int at = wireId.indexOf(SEPARATOR);
        if (at < 0) return new Split(wireId, Optional.empty());
        String signature = wireId.substring(at + SEPARATOR.length());
        return new Split(wireId.substring(0, at), signature.isEmpty() ? Optional.empty() : Optional.of(signature));
    }
}

package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;
import java.util.function.Function;

/**
 * A non-chat method of one wire format ({@code countTokens}, {@code embedContent}, {@code batchEmbedContents} for
 * Gemini), forwarded as it is. {@code model} is the name to lease a credential for (routing may rename it);
 * {@code body} gives the bytes to send for the upstream model the lease picked, so a body that names its model
 * can be renamed with it and left untouched otherwise.
 */
public record ForwardRequest(WireFormat format, String model, String method, Function<String, Buffer> body) {

    public ForwardRequest withModel(String newModel) {
        return new ForwardRequest(format, newModel, method, body);
    }

    /** The body to send when the upstream is asked for {@code upstreamModel}. */
    public Buffer bodyFor(String upstreamModel) {
        return body.apply(upstreamModel);
    }
}

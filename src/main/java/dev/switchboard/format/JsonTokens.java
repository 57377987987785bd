package dev.switchboard.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lenient reads of one value from a parser standing on it, for the decoders that read upstream answers straight
 * from tokens: a value of an unexpected type counts as absent and is skipped whole (objects and arrays with
 * everything in them), so that the parser always ends on the value's last token.
 */
public final class JsonTokens {
    private JsonTokens() {}

    /** A number, or a numeric string or boolean, as an int; null, other strings, objects and arrays are {@code absent}. */
    public static int asInt(JsonParser p, JsonToken t, int absent) throws IOException {
        if (t.isStructStart() || t == JsonToken.VALUE_NULL) return skipOr(p, absent);
        return p.getValueAsInt(absent);
    }

    /** A scalar as text (numbers and booleans as written); null, objects and arrays are {@code absent}. */
    public static String scalarText(JsonParser p, JsonToken t, String absent) throws IOException {
        if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) return skipOr(p, absent);
        return p.getText();
    }

    /** A string value; anything else is {@code absent}. */
    public static String string(JsonParser p, JsonToken t, String absent) throws IOException {
        return t == JsonToken.VALUE_STRING ? p.getText() : skipOr(p, absent);
    }

    /**
     * The objects of the array the parser stands on (at its {@code START_ARRAY}), each read by {@code element}
     * from its {@code START_OBJECT}; elements that are not objects are skipped.
     */
    public static <T> List<T> objects(JsonParser p, Json.ObjectReader<T> element) throws IOException {
        List<T> out = new ArrayList<>(1);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.START_OBJECT) out.add(element.read(p));
            else p.skipChildren();
        }
        return out;
    }

    /** Skips the value and answers empty. */
    public static <T> Optional<T> skip(JsonParser p) throws IOException {
        p.skipChildren();
        return Optional.empty();
    }

    /** Skips the value and answers {@code value}. */
    public static <T> T skipOr(JsonParser p, T value) throws IOException {
        p.skipChildren();
        return value;
    }
}

package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.DataUrl;
import dev.switchboard.format.JsonFields;
import dev.switchboard.format.MimeTypes;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code content} field of OpenAI messages: a string, null, or an array of typed parts. */
final class OpenAiContentDecoder {
    private OpenAiContentDecoder() {}

    /** User content: text, images, audio and files. */
    static List<Part> userContent(JsonNode m, String at) {
        JsonNode content = m.get("content");
        String contentAt = path(at, "content");
        if (content == null || content.isNull()) return List.of();
        if (content.isTextual()) return List.of(Part.Text.of(content.textValue()));
        if (!content.isArray()) throw JsonFields.wrongType(contentAt, "a string or an array of parts");
        List<Part> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            String partAt = path(contentAt, i);
            parts.add(userPart(JsonFields.requireObjectElement(content.get(i), partAt), partAt));
        }
        return parts;
    }

    /** System, developer and assistant content: only text parts (and assistant refusals) are meaningful. */
    static List<Part> textOnly(JsonNode m, String at) {
        JsonNode content = m.get("content");
        String contentAt = path(at, "content");
        if (content == null || content.isNull()) return List.of();
        if (content.isTextual()) {
            return content.textValue().isEmpty() ? List.of() : List.of(Part.Text.of(content.textValue()));
        }
        if (!content.isArray()) throw JsonFields.wrongType(contentAt, "a string or an array of parts");
        List<Part> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            String partAt = path(contentAt, i);
            JsonNode part = JsonFields.requireObjectElement(content.get(i), partAt);
            String type = JsonFields.requireString(part, "type", partAt);
            switch (type) {
                case "text" -> parts.add(Part.Text.of(JsonFields.requireString(part, "text", partAt)));
                case "refusal" -> parts.add(Part.Text.of(JsonFields.requireString(part, "refusal", partAt)));
                default -> throw unsupported(partAt, type, "text");
            }
        }
        return parts;
    }

    /** Tool output: the text of a string or of an array of text parts. */
    static String concatenatedText(JsonNode m, String at) {
        StringBuilder text = new StringBuilder();
        for (Part p : textOnly(m, at)) {
            if (p instanceof Part.Text t) text.append(t.text());
        }
        return text.toString();
    }

    private static Part userPart(JsonNode part, String at) {
        String type = JsonFields.requireString(part, "type", at);
        return switch (type) {
            case "text" -> Part.Text.of(JsonFields.requireString(part, "text", at));
            case "image_url" -> imageUrl(part, at);
            case "input_audio" -> inputAudio(part, at);
            case "file" -> file(part, at);
            default -> throw unsupported(at, type, "text, image_url, input_audio, file");
        };
    }

    private static Part imageUrl(JsonNode part, String at) {
        // The spec nests {url, detail}; some clients send the URL string directly.
        JsonNode image = part.get("image_url");
        String url;
        String urlAt = path(at, "image_url");
        if (image != null && image.isTextual()) {
            url = image.textValue();
        } else {
            url = JsonFields.requireString(JsonFields.requireObject(part, "image_url", at), "url", urlAt);
            urlAt = path(urlAt, "url");
        }
        if (DataUrl.isDataUrl(url)) {
            String finalUrlAt = urlAt;
            return DataUrl.parse(url).orElseThrow(() -> GatewayException.invalid(finalUrlAt,
                    "'" + finalUrlAt + "' must be a base64 data URL (data:<mime>;base64,<data>) or an http(s) URL"));
        }
        if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("gs://")) {
            return new Part.FileData(MimeTypes.guessFromUrl(url), url);
        }
        throw GatewayException.invalid(urlAt, "'" + urlAt + "' must be a data URL or an http(s) URL");
    }

    private static Part inputAudio(JsonNode part, String at) {
        JsonNode audio = JsonFields.requireObject(part, "input_audio", at);
        String audioAt = path(at, "input_audio");
        String data = JsonFields.requireString(audio, "data", audioAt);
        String format = JsonFields.requireString(audio, "format", audioAt);
        return new Part.InlineData("audio/" + format, data);
    }

    private static Part file(JsonNode part, String at) {
        JsonNode file = JsonFields.requireObject(part, "file", at);
        String fileAt = path(at, "file");
        Optional<String> data = JsonFields.string(file, "file_data", fileAt);
        if (data.isEmpty()) {
            // OpenAI file ids point into OpenAI's storage, which no other upstream can read.
            throw GatewayException.invalid(path(fileAt, "file_data"),
                    "'" + path(fileAt, "file_data") + "' is required; uploaded file ids are not supported");
        }
        if (DataUrl.isDataUrl(data.get())) {
            return DataUrl.parse(data.get()).orElseThrow(() -> GatewayException.invalid(path(fileAt, "file_data"),
                    "'" + path(fileAt, "file_data") + "' must be a base64 data URL"));
        }
        // Bare base64: the file name is the only hint of its type.
        String mime = JsonFields.string(file, "filename", fileAt)
                .flatMap(MimeTypes::guessFromUrl)
                .orElseThrow(() -> GatewayException.invalid(path(fileAt, "file_data"),
                        "'" + path(fileAt, "file_data") + "' must be a data URL (data:<mime>;base64,<data>)"));
        return new Part.InlineData(mime, data.get());
    }

    private static GatewayException unsupported(String at, String type, String allowed) {
        String typeAt = path(at, "type");
        return GatewayException.invalid(typeAt,
                "'" + typeAt + "' is '" + type + "'; supported content part types here: " + allowed);
    }
}

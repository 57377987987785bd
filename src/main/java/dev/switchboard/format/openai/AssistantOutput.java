package dev.switchboard.format.openai;

import dev.switchboard.format.DataUrl;
import dev.switchboard.model.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an answer (or of one stream delta) sorted into OpenAI's three places: {@code content},
 * {@code reasoning_content} and {@code tool_calls}. Reasoning never goes into content.
 *
 * <p>OpenAI's chat format has no way to return binary output, so images (and other data) Gemini returns
 * become markdown in the content: {@code ![image](data:image/png;base64,...)}, which chat UIs render and
 * programs can still extract.
 */
record AssistantOutput(String content, String reasoning, List<Part.ToolCall> toolCalls) {

    static AssistantOutput of(List<Part> parts) {
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<Part.ToolCall> calls = new ArrayList<>(0);
        for (Part p : parts) {
            switch (p) {
                case Part.Text t -> content.append(t.text());
                case Part.Reasoning r -> reasoning.append(r.text());
                case Part.InlineData d -> content.append(markdown(d.mimeType(), DataUrl.of(d.mimeType(), d.base64())));
                case Part.FileData f -> content.append(markdown(f.mimeType().orElse(""), f.uri()));
                case Part.ToolCall c -> calls.add(c);
                // Tool results are client input; an answer never carries one.
                case Part.ToolResult r -> { }
            }
        }
        return new AssistantOutput(content.toString(), reasoning.toString(), calls);
    }

    boolean isEmpty() {
        return content.isEmpty() && reasoning.isEmpty() && toolCalls.isEmpty();
    }

    private static String markdown(String mimeType, String url) {
        return mimeType.startsWith("image/") ? "![image](" + url + ")" : "[file](" + url + ")";
    }
}

package dev.switchboard.testing;

/** Gemini API response bodies shaped like the real API's (field order and names as Google sends them). */
public final class GeminiFixtures {
    private GeminiFixtures() {}

    public static String text(String text) {
        return """
                {
                  "candidates": [
                    {
                      "content": {"parts": [{"text": %s}], "role": "model"},
                      "finishReason": "STOP",
                      "index": 0
                    }
                  ],
                  "usageMetadata": {"promptTokenCount": 7, "candidatesTokenCount": 5, "totalTokenCount": 12,
                    "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 7}]},
                  "modelVersion": "gemini-2.5-flash",
                  "responseId": "resp-abc123"
                }
                """.formatted(quote(text));
    }

    /** One streamed chunk with text and, if {@code finish} is not null, a finish reason and usage. */
    public static String chunk(String text, String finish) {
        String fin = finish == null ? "" : ", \"finishReason\": \"" + finish + "\"";
        return "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": " + quote(text) + "}],\"role\": \"model\"}"
                + fin + ",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 7,\"candidatesTokenCount\": 3,"
                + "\"totalTokenCount\": 10},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r1\"}";
    }

    public static String error(int code, String status, String message) {
        return """
                {
                  "error": {
                    "code": %d,
                    "message": %s,
                    "status": "%s"
                  }
                }
                """.formatted(code, quote(message), status);
    }

    public static String rateLimited(String quotaId, String retryDelay) {
        return """
                {
                  "error": {
                    "code": 429,
                    "message": "You exceeded your current quota, please check your plan and billing details.",
                    "status": "RESOURCE_EXHAUSTED",
                    "details": [
                      {
                        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                        "violations": [
                          {
                            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                            "quotaId": "%s",
                            "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
                            "quotaValue": "10"
                          }
                        ]
                      },
                      {
                        "@type": "type.googleapis.com/google.rpc.Help",
                        "links": [{"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]
                      },
                      {
                        "@type": "type.googleapis.com/google.rpc.RetryInfo",
                        "retryDelay": "%s"
                      }
                    ]
                  }
                }
                """.formatted(quotaId, retryDelay);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.buffer;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class GeminiModelFieldsTest {

    static Buffer rename(String json, String model) {
        Buffer body = buffer(json);
        return GeminiModelFields.rename(body, tree(json), model);
    }

    @Test
    void everyModelFieldNamesTheUpstreamModelAndFieldsKeepTheirOrder() {
        assertThat(rename("""
                {"requests":[{"model":"models/embed","content":{"parts":[{"text":"a"}]},"taskType":"CLUSTERING"},
                             {"content":{"parts":[{"text":"b"}]},"model":"models/embed"}]}""", "gemini-embedding-001").toString())
                .isEqualTo("{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},"
                        + "\"taskType\":\"CLUSTERING\"},{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"model\":\"models/gemini-embedding-001\"}]}");
        assertThat(tree(rename("{\"model\":\"models/embed\",\"content\":{}}", "e1")).path("model").asText())
                .isEqualTo("models/e1");
        assertThat(tree(rename("{\"generate_content_request\":{\"model\":\"models/fast\",\"contents\":[]}}", "g"))
                .at("/generate_content_request/model").asText()).isEqualTo("models/g");
    }

    @Test
    void aBodyThatNamesNoOtherModelIsReturnedAsTheSameBytes() {
        Buffer body = buffer("{ \"contents\" : [ ] }");
        assertThat(GeminiModelFields.rename(body, tree(body), "gemini-2.5-flash")).isSameAs(body);
        Buffer named = buffer("{\"model\": \"models/x\"}");
        assertThat(GeminiModelFields.rename(named, tree(named), "x")).isSameAs(named);
    }
}

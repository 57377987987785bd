package dev.switchboard.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static JsonNode parse(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8), ErrorKind.INVALID_REQUEST, "The body");
    }

    @Test
    void buildsTheSameTreeAsObjectMapper() throws Exception {
        String json = """
                {"s":"é\\n\\u00e9","i":7,"l":9007199254740993,"big":123456789012345678901234567890,"d":0.25,
                 "e":1e3,"t":true,"f":false,"n":null,"a":[1,[2,{"x":[]}],{}],"o":{"k":{"deep":"v"}},"dup":1,"dup":2}
                """;
        JsonNode ours = parse(json);

        assertThat(ours).isEqualTo(Json.MAPPER.readTree(json));
        assertThat(ours.get("i").isInt()).isTrue();
        assertThat(ours.get("l").isLong()).isTrue();
        assertThat(ours.get("big").isBigInteger()).isTrue();
        assertThat(ours.get("e").isDouble()).isTrue();
        assertThat(ours.get("dup").asInt()).isEqualTo(2);
    }

    @Test
    void anExactCopyKeepsEveryNumberAsWrittenAndStopsAtTheValuesEnd() throws Exception {
        String value = "{\"f\":1.50,\"e\":1E+400,\"z\":-0.0,\"big\":123456789012345678901234567890,\"small\":1e-7,"
                + "\"i\":-5,\"s\":\"\\u00e9 \\\"q\\\" \\n \\ud83d\\ude00 tab\\t\",\"a\":[[],{},[0.10,true,false,null]],\"o\":{\"k\":{}}}";
        String expected = value.replace("\\u00e9", "\u00e9").replace("\\ud83d\\ude00", "\ud83d\ude00");
        try (com.fasterxml.jackson.core.JsonParser p = Json.parser(io.vertx.core.buffer.Buffer.buffer("[" + value + ",7]"))) {
            p.nextToken();
            p.nextToken();
            assertThat(Json.copyToString(p)).isEqualTo(expected);
            assertThat(p.currentToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT);
            assertThat(p.getIntValue()).isEqualTo(7);
        }
        try (com.fasterxml.jackson.core.JsonParser p = Json.parser(io.vertx.core.buffer.Buffer.buffer("[3.25e2]"))) {
            p.nextToken();
            p.nextToken();
            assertThat(Json.copyToString(p)).isEqualTo("3.25e2");
        }
    }

    @Test
    void badDocumentsAreTheCallersKindOfErrorWithAPosition() {
        assertThatThrownBy(() -> parse("{\"a\":1"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("The body is not valid JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse("{\"a\":[1,2"))
                .isInstanceOf(GatewayException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"a\":tru}")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessage("The body must be a JSON object");
        assertThatThrownBy(() -> parse("")).hasMessage("The body must be a JSON object");
        assertThatThrownBy(() -> parse("\"text\"")).hasMessage("The body must be a JSON object");
        assertThatThrownBy(() -> parse("[".repeat(1500) + "]".repeat(1500)))
                .hasMessage("The body must be a JSON object");
        assertThatThrownBy(() -> parse("{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}"))
                .isInstanceOf(GatewayException.class).hasMessageContaining("nesting depth");
    }

    @Test
    void writingATreeGivesTheSameJsonAsDatabind() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json.MAPPER.createObjectNode();
        tree.put("s", "h\u00e9 \"q\" \n").put("i", 7).put("l", 12345678901L).put("d", 0.1).put("f", 1.5f)
                .put("dec", new java.math.BigDecimal("0.70")).put("big", new java.math.BigInteger("123456789012345678901234"))
                .put("t", true).putNull("n").put("bin", new byte[] {1, 2, 3});
        tree.putArray("a").add(1).add("x").addObject().putArray("empty");
        tree.putObject("o").putPOJO("pojo", java.util.List.of("p"));

        String ours = Json.write(g -> Json.writeTree(g, tree)).toString();

        assertThat(ours).isEqualTo(Json.MAPPER.writeValueAsString(tree));
        assertThat(ours).contains("\"dec\":0.70").contains("\"bin\":\"AQID\"").contains("\"pojo\":[\"p\"]");
    }
}

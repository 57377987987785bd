package dev.switchboard.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.format.JsonTestSupport.MAPPER;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
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

        assertThat(ours).isEqualTo(MAPPER.readTree(json));
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
        com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.createObjectNode();
        tree.put("s", "h\u00e9 \"q\" \n").put("i", 7).put("l", 12345678901L).put("d", 0.1).put("f", 1.5f)
                .put("dec", new java.math.BigDecimal("0.70")).put("big", new java.math.BigInteger("123456789012345678901234"))
                .put("t", true).putNull("n").put("bin", new byte[] {1, 2, 3});
        tree.putArray("a").add(1).add("x").addObject().putArray("empty");
        tree.putObject("o").putPOJO("pojo", java.util.List.of("p"));

        String ours = Json.write(g -> Json.writeTree(g, tree)).toString();

        assertThat(ours).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(ours).contains("\"dec\":0.70").contains("\"bin\":\"AQID\"").contains("\"pojo\":[\"p\"]");
    }

    @Test
    void readsAnyValueAsObjectMapperDoes() throws Exception {
        for (String doc : new String[] {"{\"a\":[1,{\"b\":null}]}", "[1,2.5,\"x\"]", "\"text\"", "7", "12345678901234567890123",
                "1.5", "null", "true", "", "   ", "{\"a\":1} trailing"}) {
            JsonNode ours = Json.readTree(doc);
            assertThat(ours).as(doc).isEqualTo(MAPPER.readTree(doc));
            assertThat(Json.readTree(doc.getBytes(StandardCharsets.UTF_8))).as(doc).isEqualTo(ours);
            assertThat(Json.readTree(io.vertx.core.buffer.Buffer.buffer(doc))).as(doc).isEqualTo(ours);
            assertThat(Json.tryParse(doc)).as(doc).contains(ours);
        }
        assertThat(Json.readTree("")).isInstanceOf(MissingNode.class);
        assertThat(Json.tryParse("{\"a\":")).isEmpty();
        assertThat(Json.tryParse("nope")).isEmpty();
    }

    @Test
    void anExactReadKeepsFractionsAsWrittenAsTheExactMapperDid() throws Exception {
        String doc = "{\"t\":0.70,\"a\":[1.50e1,2.0,-0.0],\"i\":3,\"big\":1E+400}";
        ObjectMapper exact = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        JsonNode ours;
        try (JsonParser p = Json.FACTORY.createParser(doc)) {
            ours = Json.readTree(p, true);
        }

        assertThat(ours).isEqualTo(exact.readTree(doc));
        assertThat(Json.compact(ours)).isEqualTo(exact.writeValueAsString(ours)).contains("\"t\":0.70").contains("2.0");
        try (JsonParser p = Json.FACTORY.createParser(doc)) {
            assertThat(Json.readTree(p).get("t").isDouble()).isTrue();
        }
    }

    @Test
    void compactTextAndBufferAreWhatDatabindWrites() throws Exception {
        JsonNode tree = MAPPER.readTree("{\"s\":\"h\u00e9 \\\"q\\\" \\n\",\"a\":[1,2.5,null,true,{}],\"o\":{\"big\":123456789012345678901234}}");

        assertThat(Json.compact(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(Json.write(g -> Json.writeTree(g, tree)).getBytes()).isEqualTo(MAPPER.writeValueAsBytes(tree));
        assertThat(Json.compact(MissingNode.getInstance())).isEqualTo("null");
    }

    @Test
    void readsYamlIntoTheTreeDatabindMakes() throws Exception {
        String yaml = """
                server:
                  port: 8080
                  keys: [a, "b c"]
                  big: 123456789012345678901234
                  ratio: 0.25
                  on: true
                  none: ~
                  hex: 0x1F
                  text: |
                    two
                    lines
                base: &base {x: 1}
                copy: *base
                blob: !!binary AQID
                """;
        YAMLFactory factory = new YAMLFactory();
        ObjectMapper yamlMapper = new ObjectMapper(factory);
        for (String doc : new String[] {yaml, "", "- 1\n- two\n", "just text", "# only a comment\n"}) {
            try (JsonParser p = factory.createParser(doc)) {
                assertThat(Json.readTree(p)).as(doc).isEqualTo(yamlMapper.readTree(doc));
            }
        }
        try (JsonParser p = factory.createParser(yaml)) {
            JsonNode tree = Json.readTree(p);
            assertThat(tree.get("blob").binaryValue()).containsExactly(1, 2, 3);
            assertThat(tree.at("/server/hex").asInt()).isEqualTo(31);
        }
    }

    @Test
    void noGatewayCodeBuildsAnObjectMapper() throws Exception {
        // Building the first ObjectMapper costs ~45 ms of a start on one core (Json's class comment); trees are
        // read and written by Json. Only Json's holder for POJO nodes, which no gateway code makes, may name it.
        Path main = Path.of("src/main/java");
        List<String> offenders;
        try (var files = Files.walk(main)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String src = Files.readString(f);
                    long news = Pattern.compile("new ObjectMapper\\(|JsonMapper\\.builder\\(|YAMLMapper")
                            .matcher(src).results().count();
                    return f.endsWith("format/Json.java") ? news != 1 : news != 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(main::relativize).map(Object::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}

package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.model.GatewayException;
import org.junit.jupiter.api.Test;

class SchemaCleanerTest {

    private static JsonNode clean(String schema) {
        return SchemaCleaner.clean(tree(schema), "schema");
    }

    @Test
    void dropsKeywordsGeminiRejects_recursively() {
        assertJsonEquals(clean("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"x","type":"object",
                 "additionalProperties":false,"strict":true,"title":"T",
                 "properties":{
                   "name":{"type":"string","default":"bob","examples":["al"],"minLength":1},
                   "tags":{"type":"array","uniqueItems":true,"items":{"type":"string","additionalProperties":false}},
                   "meta":{"type":"object","additionalProperties":{"type":"string"},
                           "properties":{"k":{"type":"integer","exclusiveMinimum":0,"maximum":9}}}},
                 "required":["name"]}
                """), """
                {"type":"object","title":"T",
                 "properties":{
                   "name":{"type":"string","minLength":1},
                   "tags":{"type":"array","items":{"type":"string"}},
                   "meta":{"type":"object","properties":{"k":{"type":"integer","maximum":9}}}},
                 "required":["name"]}
                """);
    }

    @Test
    void propertyNamesThatLookLikeKeywordsAreKept() {
        assertJsonEquals(clean("""
                {"type":"object","properties":{"default":{"type":"string"},"$id":{"type":"integer"}}}
                """), """
                {"type":"object","properties":{"default":{"type":"string"},"$id":{"type":"integer"}}}
                """);
    }

    @Test
    void inlinesDefsAndDefinitionsRefs() {
        assertJsonEquals(clean("""
                {"type":"object",
                 "properties":{"home":{"$ref":"#/$defs/Address","description":"where they live"},
                               "work":{"$ref":"#/definitions/Address"}},
                 "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                 "definitions":{"Address":{"type":"object","properties":{"zip":{"type":"string"}}}}}
                """), """
                {"type":"object","properties":{
                  "home":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                          "description":"where they live"},
                  "work":{"type":"object","properties":{"zip":{"type":"string"}}}}}
                """);
    }

    @Test
    void cyclicRefsAreCutOffAsPlainObjects() {
        assertJsonEquals(clean("""
                {"$ref":"#/$defs/Node",
                 "$defs":{"Node":{"type":"object","properties":{
                   "value":{"type":"string"},"next":{"$ref":"#/$defs/Node"}}}}}
                """), """
                {"type":"object","properties":{"value":{"type":"string"},"next":{"type":"object"}}}
                """);
    }

    @Test
    void typeArraysBecomeTypePlusNullable() {
        assertJsonEquals(clean("""
                {"type":"object","properties":{
                  "a":{"type":["string","null"]},
                  "b":{"type":["integer","string"]},
                  "c":{"type":"null"}}}
                """), """
                {"type":"object","properties":{
                  "a":{"type":"string","nullable":true},
                  "b":{"anyOf":[{"type":"integer"},{"type":"string"}]},
                  "c":{"type":"string","nullable":true}}}
                """);
    }

    @Test
    void oneOfWithNullBranchCollapses_andOtherUnionsBecomeAnyOf() {
        assertJsonEquals(clean("""
                {"type":"object","properties":{
                  "maybe":{"anyOf":[{"type":"string","format":"date-time"},{"type":"null"}]},
                  "either":{"oneOf":[{"type":"string"},{"type":"number"}]}}}
                """), """
                {"type":"object","properties":{
                  "maybe":{"type":"string","format":"date-time","nullable":true},
                  "either":{"anyOf":[{"type":"string"},{"type":"number"}]}}}
                """);
    }

    @Test
    void constBecomesEnum_andNonStringEnumsAreDropped() {
        assertJsonEquals(clean("""
                {"type":"object","properties":{
                  "kind":{"const":"circle"},
                  "level":{"type":"integer","enum":[1,2,3]},
                  "color":{"type":"string","enum":["red","blue"]}}}
                """), """
                {"type":"object","properties":{
                  "kind":{"type":"string","enum":["circle"]},
                  "level":{"type":"integer"},
                  "color":{"type":"string","enum":["red","blue"]}}}
                """);
    }

    @Test
    void allOfIsMerged() {
        assertJsonEquals(clean("""
                {"allOf":[
                  {"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
                  {"properties":{"b":{"type":"integer"}},"required":["b"]}]}
                """), """
                {"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a","b"]}
                """);
    }

    @Test
    void onlyFormatsGeminiAcceptsAreKept() {
        assertJsonEquals(clean("""
                {"type":"object","properties":{
                  "when":{"type":"string","format":"date-time"},
                  "site":{"type":"string","format":"uri"},
                  "n":{"type":"integer","format":"int64"},
                  "x":{"type":"number","format":"int32"}}}
                """), """
                {"type":"object","properties":{
                  "when":{"type":"string","format":"date-time"},
                  "site":{"type":"string"},
                  "n":{"type":"integer","format":"int64"},
                  "x":{"type":"number"}}}
                """);
    }

    @Test
    void requiredNamesWithoutPropertiesAreDropped() {
        assertJsonEquals(clean("""
                {"type":"object","properties":{"a":{"type":"string"}},"required":["a","ghost"]}
                """), """
                {"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}
                """);
    }

    @Test
    void tupleItemsUseTheFirstSchema() {
        assertJsonEquals(clean("""
                {"type":"array","items":[{"type":"string"},{"type":"integer"}],"minItems":1}
                """), """
                {"type":"array","items":{"type":"string"},"minItems":1}
                """);
    }

    @Test
    void exponentialRefExpansionIsRefused() {
        StringBuilder defs = new StringBuilder("{\"$ref\":\"#/$defs/d0\",\"$defs\":{");
        for (int i = 0; i < 20; i++) {
            defs.append("\"d").append(i).append("\":{\"type\":\"object\",\"properties\":{\"l\":{\"$ref\":\"#/$defs/d")
                    .append(i + 1).append("\"},\"r\":{\"$ref\":\"#/$defs/d").append(i + 1).append("\"}}},");
        }
        defs.append("\"d20\":{\"type\":\"string\"}}}");
        assertThatThrownBy(() -> clean(defs.toString()))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).contains("schema"));
    }
}

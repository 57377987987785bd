package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The deployment files stay in step with the code: the compose file's example configuration is one the gateway
 * accepts, the Dockerfile keeps its promises (non-root, port 7860, health check, read-only friendly), and the JIT
 * directives are ones this JVM reads, passed by every launcher with the unpacked epoll library's directory.
 * Building the image itself needs a Docker engine: scripts/check-image.sh checks its layers by hand.
 */
class DeploymentFilesTest {
    @Test
    void theComposeFilesExampleConfigurationIsValid() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("docker-compose.yml")));
        JsonNode service = compose.at("/services/switchboard");
        assertThat(service.at("/environment/PORT").asText()).isEqualTo("7860");
        assertThat(service.path("read_only").asBoolean()).isTrue();
        assertThat(service.at("/configs/0/target").asText()).isEqualTo(service.at("/environment/SWITCHBOARD_CONFIG").asText());

        String yaml = compose.at("/configs/switchboard/content").asText();
        GatewayConfig config = new ConfigLoader(new Env(Map.of("GEMINI_API_KEYS", "AIzaEXAMPLE-0000000000000000000001")))
                .parse(yaml, Optional.of("docker-compose.yml"));
        assertThat(config.provider("gemini")).hasValueSatisfying(p -> assertThat(p.credentials()).hasSize(1));
    }

    @Test
    void theDockerfileRunsAsANonRootUserOnPort7860WithAHealthCheck() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM \\S+ AS build$").containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^EXPOSE 7860$").contains("PORT=7860").containsPattern("(?m)^HEALTHCHECK ")
                .contains("/health").contains("jlink").contains("./mvnw");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("!src/");
    }

    /** A directives file the JVM cannot parse does not stop it: it says so and runs without them. */
    @Test
    void theJitDirectivesAreReadByThisJvmAndEveryLauncherPassesThemAndTheEpollLibrary() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process jvm = new ProcessBuilder(java, "@config/jvm.options", "-XX:CompilerDirectivesFile=config/jit-directives.json",
                "-version").redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).isZero();
        assertThat(err).contains("2 compiler directives added").doesNotContainIgnoringCase("error");
        assertThat(out).as("the JVM's own output stays off stdout, where the log goes").isEmpty();

        assertThat(Files.readString(Path.of("scripts/prepare.sh"))).contains("-XX:CompilerDirectivesFile=$(pwd)/config/jit-directives.json")
                .contains("-Djava.library.path=$(pwd)/target/native");
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("COPY config/jit-directives.json /app/jit-directives.json")
                .contains("\"-XX:CompilerDirectivesFile=/app/jit-directives.json\"")
                .contains("COPY --from=build /native /app/native").contains("\"-Djava.library.path=/app/native\"");
    }
}

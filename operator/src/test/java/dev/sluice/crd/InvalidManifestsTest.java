package dev.sluice.crd;

import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every manifest in the invalid corpus is refused by a real API server, and the refusal names
 * the field. Each file states, in its first line, the text the refusal must contain.
 */
@ExtendWith(RealApiServer.class)
class InvalidManifestsTest {

  private static final Path CORPUS = TestPaths.repoRoot().resolve("operator/src/test/resources/invalid");
  private static final String EXPECT = "# expect: ";

  private static ApiServer api;
  private static String namespace;

  @BeforeAll
  static void namespace(ApiServer server) {
    api = server;
    namespace = server.newNamespace("invalid");
  }

  static Stream<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.sorted().toList().stream();
    }
  }

  @Test
  void theCorpusCoversEveryRuleKind() throws IOException {
    List<Path> files = corpus().toList();
    assertTrue(files.size() >= 25, "at least 25 invalid manifests, found " + files.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedWithAMessageNamingTheField(Path file) throws IOException {
    String manifest = Files.readString(file);
    assertTrue(manifest.startsWith(EXPECT), file + " must start with '" + EXPECT + "<text of the refusal>'");
    String expected = manifest.lines().findFirst().orElseThrow().substring(EXPECT.length()).trim();

    KubernetesClientException refusal = assertThrows(KubernetesClientException.class,
        () -> api.client().load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
            .inNamespace(namespace).create(),
        file.getFileName() + " was accepted");
    assertEquals(422, refusal.getCode(), refusal.getMessage());
    assertTrue(refusal.getMessage().contains(expected),
        file.getFileName() + ": the refusal should contain '" + expected + "' but was: " + refusal.getMessage());
  }
}

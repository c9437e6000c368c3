package dev.sluice.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job jar holds every role's entrypoint, and its merged service files name every factory a plan can use. */
class JobJarIT {

  @Test
  void theServiceFilesOfAllDependenciesAreMerged() throws IOException {
    try (JarFile jar = jobJar()) {
      String factories = read(jar, "META-INF/services/org.apache.flink.table.factories.Factory");
      for (String factory : List.of("dev.sluice.datagen.SluiceDatagenFactory", "dev.sluice.quality.QualitySinkFactory",
          "KafkaDynamicTableFactory", "UpsertKafkaDynamicTableFactory", "FileSystemTableFactory",
          "BlackHoleTableSinkFactory", "PrintTableSinkFactory", "JsonFormatFactory", "CsvFormatFactory",
          "AvroFormatFactory", "DebeziumJsonFormatFactory", "RawFormatFactory")) {
        assertTrue(factories.contains(factory), factory + " in\n" + factories);
      }
      assertTrue(read(jar, "META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory")
          .contains("org.apache.flink.metrics.prometheus.PrometheusReporterFactory"));
    }
  }

  @Test
  void everyRoleAndOptionalServiceIsInside() throws IOException {
    try (JarFile jar = jobJar()) {
      for (String type : List.of("dev.sluice.runtime.ApplicationEntrypoint", "dev.sluice.runtime.SluiceJob",
          "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "org.apache.flink.runtime.util.bash.BashJavaUtils",
          "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory",
          "org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend",
          "org.apache.logging.slf4j.SLF4JServiceProvider")) {
        assertNotNull(jar.getEntry(type.replace('.', '/') + ".class"), type);
      }
    }
  }

  private static JarFile jobJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      Path jar = files.filter(file -> file.getFileName().toString().endsWith("-job.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no job jar in target/; run mvn package"));
      return new JarFile(jar.toFile());
    }
  }

  private static String read(JarFile jar, String entry) throws IOException {
    try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

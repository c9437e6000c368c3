package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core holds the product's decisions (plan, autoscaler, SLO maths, freshness, observation
 * model) as pure code, so that the operator, the job and local mode share them and unit tests
 * need no cluster. Flink, JOSDK and Kafka are kept out by the enforcer (they are not on the
 * classpath); this keeps out the Kubernetes client, which the API types bring along.
 */
class CorePurityTest {

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.sluice");

  @Test
  void theCoreUsesNoKubernetesClientFlinkOrOperatorFramework() {
    noClasses().that().resideOutsideOfPackage("dev.sluice.api..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.fabric8.kubernetes.client..", "io.javaoperatorsdk..", "org.apache.flink..",
            "org.apache.kafka..")
        .because("the core is pure: adapters live in sluice-flink and sluice-operator")
        .check(CORE);
  }

  @Test
  void theCoreReadsKubernetesModelTypesOnlyThroughObjectMeta() {
    noClasses().that().resideOutsideOfPackage("dev.sluice.api..")
        .should().dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe("Fabric8 types other than metadata",
                c -> c.getPackageName().startsWith("io.fabric8")
                    && !c.getName().equals("io.fabric8.kubernetes.api.model.ObjectMeta")
                    && !c.getName().equals("io.fabric8.kubernetes.api.model.HasMetadata")
                    && !c.getName().equals("io.fabric8.kubernetes.client.CustomResource")))
        .because("the core sees resources as the API module's types, not as Kubernetes objects")
        .check(CORE);
  }
}

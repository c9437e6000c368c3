package dev.sluice.flink;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.observation.FlinkJobState;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.messages.webmonitor.MultipleJobsDetails;
import org.apache.flink.runtime.rest.handler.async.AsynchronousOperationResult;
import org.apache.flink.runtime.rest.handler.async.TriggerResponse;
import org.apache.flink.runtime.rest.messages.ErrorResponseBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobPlanInfo;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedMetric;
import org.apache.flink.runtime.rest.messages.job.metrics.Metric;
import org.apache.flink.runtime.rest.messages.job.savepoints.SavepointInfo;
import org.apache.flink.runtime.rest.messages.job.savepoints.SavepointTriggerRequestBody;
import org.apache.flink.runtime.rest.messages.job.savepoints.stop.StopWithSavepointRequestBody;
import org.apache.flink.runtime.rest.messages.queue.QueueStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins Sluice's own REST message records to Flink's REST message classes of the version on the
 * classpath: every JSON field Sluice reads or writes is one that Flink's class declares (its
 * {@code FIELD_NAME_*} constants). A Flink upgrade that renames a field fails here, not in a
 * cluster.
 */
class RestMessagesPinTest {

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(RestMessages.JobsOverview.class, List.of(MultipleJobsDetails.class)),
        Arguments.of(RestMessages.JobOverview.class, List.of(JobDetails.class)),
        Arguments.of(RestMessages.JobDetailsInfo.class, List.of(JobDetailsInfo.class)),
        Arguments.of(RestMessages.Vertex.class, List.of(JobDetailsInfo.JobVertexDetailsInfo.class)),
        Arguments.of(RestMessages.Plan.class, List.of(JobPlanInfo.Plan.class)),
        Arguments.of(RestMessages.PlanNode.class, List.of(JobPlanInfo.Plan.Node.class)),
        Arguments.of(RestMessages.PlanInput.class, List.of(JobPlanInfo.Plan.Node.Input.class)),
        Arguments.of(RestMessages.MetricValue.class, List.of(Metric.class)),
        Arguments.of(RestMessages.AggregatedMetric.class, List.of(AggregatedMetric.class)),
        Arguments.of(RestMessages.JobExceptions.class, List.of(JobExceptionsInfoWithHistory.class)),
        Arguments.of(RestMessages.ExceptionHistory.class,
            List.of(JobExceptionsInfoWithHistory.JobExceptionHistory.class)),
        Arguments.of(RestMessages.ExceptionEntry.class, List.of(JobExceptionsInfoWithHistory.RootExceptionInfo.class)),
        Arguments.of(RestMessages.CheckpointingStatistics.class, List.of(CheckpointingStatistics.class)),
        Arguments.of(RestMessages.Counts.class, List.of(CheckpointingStatistics.Counts.class)),
        Arguments.of(RestMessages.Latest.class, List.of(CheckpointingStatistics.LatestCheckpoints.class)),
        Arguments.of(RestMessages.Checkpoint.class, List.of(CheckpointStatistics.class,
            CheckpointStatistics.CompletedCheckpointStatistics.class,
            CheckpointStatistics.FailedCheckpointStatistics.class)),
        Arguments.of(RestMessages.SavepointRequest.class, List.of(SavepointTriggerRequestBody.class)),
        Arguments.of(RestMessages.StopRequest.class, List.of(StopWithSavepointRequestBody.class)),
        Arguments.of(RestMessages.TriggerResponse.class, List.of(TriggerResponse.class)),
        Arguments.of(RestMessages.AsyncOperation.class, List.of(AsynchronousOperationResult.class)),
        Arguments.of(RestMessages.QueueStatus.class, List.of(QueueStatus.class)),
        Arguments.of(RestMessages.SavepointInfo.class, List.of(SavepointInfo.class)),
        Arguments.of(RestMessages.ErrorResponse.class, List.of(ErrorResponseBody.class)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void everyFieldSluiceUsesIsOneFlinkDeclares(Class<? extends Record> sluice, List<Class<?>> flink) {
    Set<String> declared = new HashSet<>();
    flink.forEach(type -> declared.addAll(fieldNames(type)));
    for (String used : jsonNames(sluice)) {
      assertTrue(declared.contains(used), sluice.getSimpleName() + "." + used + " is not among the fields of "
          + flink.stream().map(Class::getName).toList() + ": " + declared);
    }
  }

  @Test
  void theJobStatesAreFlinks() {
    assertEquals(names(JobStatus.values()), names(FlinkJobState.values()));
  }

  @Test
  void theCheckpointAndQueueStatusesReadAreFlinks() {
    assertTrue(names(CheckpointStatsStatus.values()).containsAll(Set.of("COMPLETED", "FAILED")));
    assertTrue(names(QueueStatus.Id.values()).contains("COMPLETED"));
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
  }

  /** The JSON names of a record's components, as Jackson reads and writes them. */
  private static List<String> jsonNames(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RestMessagesPinTest::jsonName).toList();
  }

  private static String jsonName(RecordComponent component) {
    // @JsonProperty does not target record components; Java puts it on the component's field.
    try {
      JsonProperty property = component.getDeclaringRecord().getDeclaredField(component.getName())
          .getAnnotation(JsonProperty.class);
      return property != null ? property.value() : component.getName();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The values of a Flink class's {@code FIELD_NAME_*} constants, its superclasses' included. */
  private static Set<String> fieldNames(Class<?> type) {
    Set<String> names = new HashSet<>();
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      for (Field field : current.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("FIELD_NAME_")
            && field.getType() == String.class) {
          try {
            field.setAccessible(true);
            names.add((String) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return names;
  }
}

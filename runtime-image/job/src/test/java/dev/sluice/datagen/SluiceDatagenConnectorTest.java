package dev.sluice.datagen;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.Specs;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sluice-datagen table of a plan, read back row by row: its fields follow the generators, its rate the profile. */
class SluiceDatagenConnectorTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobTestCluster.extension(1, 2);

  @TempDir
  Path state;

  @Test
  void rowsFollowTheFieldGeneratorsAndTheRateSteps() throws Exception {
    List<Row> rows = generate();

    assertEquals(2000, rows.size());
    assertEquals(LongStream.rangeClosed(1, 2000).boxed().collect(Collectors.toSet()),
        rows.stream().map(row -> (Long) row.getField("id")).collect(Collectors.toSet()));
    assertTrue(rows.stream().map(row -> (Integer) row.getField("level")).allMatch(level -> level >= 10 && level <= 20));
    assertTrue(rows.stream().map(row -> row.getField("level")).distinct().count() > 5, "levels vary");
    long nullTags = rows.stream().filter(row -> row.getField("tag") == null).count();
    assertTrue(nullTags > 800 && nullTags < 1200, nullTags + " null tags for a null rate of 0.5");
    assertTrue(rows.stream().map(row -> (String) row.getField("tag")).filter(tag -> tag != null)
        .allMatch(tag -> tag.length() == 4));
    assertTrue(rows.stream().map(row -> (BigDecimal) row.getField("price"))
        .allMatch(price -> price.scale() == 2 && price.signum() >= 0 && price.compareTo(BigDecimal.valueOf(1000)) <= 0));

    List<Instant> times = rows.stream().map(row -> (Instant) row.getField("made_at"))
        .sorted(Comparator.naturalOrder()).toList();
    long inFirstSecond = times.stream().filter(time -> time.isBefore(times.get(0).plusSeconds(1))).count();
    assertTrue(inFirstSecond > 120 && inFirstSecond < 300, inFirstSecond + " rows in the first second at 200/s");
    double lastThousandSeconds = (times.get(1999).toEpochMilli() - times.get(1000).toEpochMilli()) / 1000.0;
    assertTrue(lastThousandSeconds < 1.6, "the last 1000 rows took " + lastThousandSeconds + " s at 1000/s");
  }

  private List<Row> generate() throws Exception {
    PipelinePlan plan = PlanBuilder.build("test", "datagen", Specs.pipeline("""
        inputs: [generated]
        outputs: [nowhere]
        sql: INSERT INTO nowhere SELECT id FROM generated
        """), Map.of("generated", Specs.dataset("""
        connector:
          datagen:
            rowsPerSecond: 200
            numberOfRows: 2000
            profile: {shape: step, factor: 5, startAfter: 4s}
            fields:
              id: {kind: sequence, start: 1, end: 2000}
              level: {min: 10, max: 20}
              tag: {length: 4, nullRate: 0.5}
        schema:
          columns:
            - {name: id, type: BIGINT, nullable: false}
            - {name: level, type: INT}
            - {name: tag, type: STRING}
            - {name: price, type: "DECIMAL(6, 2)"}
            - {name: made_at, type: TIMESTAMP_LTZ(3)}
        """), "nowhere", Specs.dataset("""
        connector: {blackhole: {}}
        schema:
          columns: [{name: id, type: BIGINT}]
        """)), JobTestCluster.defaults(state)).plan();
    StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
    environment.setParallelism(2);
    StreamTableEnvironment tables = StreamTableEnvironment.create(environment);
    tables.executeSql(plan.ddl().get(0).sql());
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> results = tables.executeSql("SELECT * FROM generated").collect()) {
      results.forEachRemaining(rows::add);
    }
    return rows;
  }
}

package dev.sluice.benchmark;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.fixtures.Specs;

import java.util.List;
import java.util.Map;

/**
 * Five Nexmark-style queries over generated bids, each into a blackhole. Every query is written
 * twice on purpose: once as Datasets and a Pipeline for Sluice, once as the CREATE TABLE and
 * INSERT statements a person would write for Flink by hand, with the same connector and options.
 *
 * <p>Event time is the bid's sequence number read as milliseconds, so windows fill at the same
 * row counts whatever the machine's speed.
 */
final class NexmarkQueries {

  /** The bid columns a Sluice Dataset declares, and a hand-written table repeats. */
  private static final String BID_COLUMNS = """
      - {name: id, type: BIGINT, nullable: false}
      - {name: auction, type: BIGINT}
      - {name: bidder, type: BIGINT}
      - {name: price, type: BIGINT}
      - {name: channel, type: STRING}
      - {name: extra, type: STRING}
      """;

  /** One in a hundred bids has no extra, so a rule on it finds violations to count. */
  static final double EXTRA_NULL_RATE = 0.01;

  /** Quality rules on the bids, all of the drop action; the last one fails one row in a hundred. */
  static final List<String> RULES = List.of(
      "{name: price_positive, input: bids, expression: 'price > 0'}",
      "{name: bidder_known, input: bids, expression: 'bidder IS NOT NULL AND bidder > 0'}",
      "{name: auction_range, input: bids, expression: 'auction BETWEEN 1000 AND 1999'}",
      "{name: channel_length, input: bids, expression: 'CHAR_LENGTH(channel) = 8'}",
      "{name: extra_present, input: bids, expression: 'extra IS NOT NULL'}");
  static final String DEAD_LETTER_RULE =
      "{name: extra_present, input: bids, expression: 'extra IS NOT NULL', action: deadLetter, deadLetter: rejects}";

  private NexmarkQueries() {
  }

  /**
   * A query: its sink's columns and its INSERT, which reads table {@code bids} and writes table
   * {@code results} in both forms.
   */
  record Query(String name, String sinkColumns, String insert) {

    /** The sink columns as Dataset YAML; a comma inside a type's parentheses separates no columns. */
    String sinkColumnsYaml() {
      StringBuilder yaml = new StringBuilder();
      for (String column : sinkColumns.split(",\\s*(?![^()]*\\))")) {
        String[] parts = column.trim().split(" ", 2);
        yaml.append("    - {name: ").append(parts[0]).append(", type: '").append(parts[1]).append("'}\n");
      }
      return yaml.toString();
    }
  }

  static List<Query> all() {
    return List.of(
        new Query("pass-through",
            "auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, extra STRING, date_time TIMESTAMP_LTZ(3)",
            "INSERT INTO results SELECT auction, bidder, price, channel, extra, date_time FROM bids"),
        new Query("projection",
            "auction BIGINT, bidder BIGINT, price_eur DECIMAL(23, 3), price_cents BIGINT, date_time TIMESTAMP_LTZ(3)",
            "INSERT INTO results SELECT auction, bidder, 0.908 * price, price * 100 + MOD(bidder, 100), date_time"
                + " FROM bids"),
        new Query("filter",
            "auction BIGINT, price BIGINT",
            "INSERT INTO results SELECT auction, price FROM bids WHERE MOD(auction, 123) = 0"),
        new Query("tumble-aggregate",
            "auction BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), bids BIGINT, max_price BIGINT",
            "INSERT INTO results SELECT auction, window_start, window_end, COUNT(*), MAX(price)"
                + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECOND))"
                + " GROUP BY auction, window_start, window_end"),
        new Query("hop-top-n",
            "auction BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), bids BIGINT, rownum BIGINT",
            "INSERT INTO results SELECT auction, window_start, window_end, bids, rownum FROM ("
                + " SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY bids DESC) AS rownum"
                + " FROM (SELECT auction, window_start, window_end, COUNT(*) AS bids"
                + " FROM TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
                + " GROUP BY auction, window_start, window_end))"
                + " WHERE rownum <= 3"));
  }

  /** The Datasets of a query for Sluice: the bids, the query's sink and a dead letter for rejects. */
  static Map<String, DatasetSpec> datasets(Query query, long rows) {
    DatasetSpec bids = Specs.dataset("""
        connector:
          datagen:
            rowsPerSecond: %d
            numberOfRows: %d
            fields:
              id: {kind: sequence, start: 1, end: %d}
              auction: {min: 1000, max: 1999}
              bidder: {min: 1, max: 100000}
              price: {min: 1, max: 100000}
              channel: {length: 8}
              extra: {length: 16, nullRate: %s}
        schema:
          columns:
        %s    - {name: date_time, expression: 'TO_TIMESTAMP_LTZ(id, 3)'}
          eventTime: {column: date_time, watermarkDelay: 0s}
        """.formatted(unthrottled(), rows, rows, EXTRA_NULL_RATE, indent(BID_COLUMNS)));
    DatasetSpec results = Specs.dataset("""
        connector: {blackhole: {}}
        schema:
          columns:
        %s""".formatted(query.sinkColumnsYaml()));
    DatasetSpec rejects = Specs.dataset("""
        connector: {blackhole: {}}
        schema:
          columns:
        %s    - {name: sluice_rule, type: STRING}
        """.formatted(indent(BID_COLUMNS)));
    return Map.of("bids", bids, "results", results, "rejects", rejects);
  }

  /** The same tables and insert written by hand for Flink, with the same connector and options. */
  static List<String> handWritten(Query query, long rows) {
    String bids = """
        CREATE TABLE bids (
          id BIGINT NOT NULL,
          auction BIGINT,
          bidder BIGINT,
          price BIGINT,
          channel STRING,
          extra STRING,
          date_time AS TO_TIMESTAMP_LTZ(id, 3),
          WATERMARK FOR date_time AS date_time - INTERVAL '0' SECOND
        ) WITH (
          'connector' = 'sluice-datagen',
          'rows-per-second' = '%d',
          'number-of-rows' = '%d',
          'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',
          'fields.auction.min' = '1000', 'fields.auction.max' = '1999',
          'fields.bidder.min' = '1', 'fields.bidder.max' = '100000',
          'fields.price.min' = '1', 'fields.price.max' = '100000',
          'fields.channel.length' = '8',
          'fields.extra.length' = '16', 'fields.extra.null-rate' = '%s'
        )""".formatted(unthrottled(), rows, rows, EXTRA_NULL_RATE);
    String results = "CREATE TABLE results (" + query.sinkColumns() + ") WITH ('connector' = 'blackhole')";
    return List.of(bids, results, query.insert());
  }

  /** A rate no subtask reaches, so the source runs as fast as the job lets it. */
  private static long unthrottled() {
    return 1_000_000_000_000L;
  }

  private static String indent(String yaml) {
    return yaml.lines().map(line -> "    " + line + "\n").reduce("", String::concat);
  }
}

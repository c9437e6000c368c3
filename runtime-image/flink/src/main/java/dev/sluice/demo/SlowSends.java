package dev.sluice.demo;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A Kafka producer interceptor that makes every record a Pipeline writes cost a fixed time, as a
 * sink does that waits on a remote system for each record. The wait happens in the task that
 * writes, so Flink counts it as busy time, and it takes no CPU, so more subtasks get proportionally
 * more done even on a machine with few cores. A Kafka Dataset turns it on through its client
 * properties: {@code interceptor.classes: dev.sluice.demo.SlowSends} and {@value #COST}.
 */
public final class SlowSends implements ProducerInterceptor<byte[], byte[]> {

  /** The client property with the cost of one record, in microseconds. */
  public static final String COST = "slow-sends.micros-per-record";

  private long nanosPerRecord;

  @Override
  public void configure(Map<String, ?> configs) {
    Object cost = configs.get(COST);
    if (cost == null) {
      throw new IllegalArgumentException("set the Kafka property " + COST + " with " + getClass().getName());
    }
    nanosPerRecord = Long.parseLong(cost.toString()) * 1_000;
  }

  @Override
  public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
    long until = System.nanoTime() + nanosPerRecord;
    for (long left = nanosPerRecord; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
  }

  @Override
  public void close() {
  }
}

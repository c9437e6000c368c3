package dev.sluice.kafka;

/**
 * Whether a Kafka Dataset's topic is there as declared.
 *
 * @param ready the topic exists with the declared partition count
 * @param reason a CamelCase reason for the TopicReady condition
 * @param message what was found, and the fix when it is not ready
 */
public record TopicCheck(boolean ready, String reason, String message) {
}

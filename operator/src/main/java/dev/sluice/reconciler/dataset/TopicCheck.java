package dev.sluice.reconciler.dataset;

/**
 * Whether a Kafka Dataset's topic is there as declared.
 *
 * @param ready the topic exists with the declared partition count
 * @param reason the reason of the TopicReady condition
 * @param message what was found, and the fix when it is not ready
 */
public record TopicCheck(boolean ready, DatasetReason reason, String message) {
}

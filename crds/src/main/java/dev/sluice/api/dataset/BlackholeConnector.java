package dev.sluice.api.dataset;

/** Discards rows. It has no settings. */
public record BlackholeConnector() {
}

package dev.sluice.datagen;

import java.io.Serializable;

/** How one column is generated: the options {@code fields.<column>.*} of a sluice-datagen table. */
record FieldSpec(boolean sequence, Double min, Double max, Integer length, Long start, Long end, double nullRate)
    implements Serializable {

  static final FieldSpec RANDOM = new FieldSpec(false, null, null, null, null, null, 0.0);
}

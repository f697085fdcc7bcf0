package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A tensor's id is a map key: its hand-written equals and hashCode keep a record's contract. */
class TensorRefTest {
  @Test
  void idsAreEqualExactlyWhenLayerNodeAndTensorAre() {
    TensorRef.Id id = new TensorRef("dense", 1, 2, new long[] {3}).id();
    TensorRef.Id same = new TensorRef(new String("dense"), 1, 2, null).id(); // the recorded shape is not part of it
    assertEquals(id, same);
    assertEquals(id.hashCode(), same.hashCode());
    assertNotEquals(id, new TensorRef.Id("dense_1", 1, 2));
    assertNotEquals(id, new TensorRef.Id("dense", 0, 2));
    assertNotEquals(id, new TensorRef.Id("dense", 1, 0));
    assertNotEquals(id, null);
    assertNotEquals(id, "dense");
    assertEquals(new TensorRef.Id(null, 0, 0), new TensorRef.Id(null, 0, 0));
    assertNotEquals(new TensorRef.Id(null, 0, 0), new TensorRef.Id("a", 0, 0));
  }
}

package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which native stderr lines a normal run replays: absl's notice and INFO lines are dropped, the rest kept. */
class NativeStderrTest {
  @Test
  void startUpChatterIsDroppedWarningsAndErrorsAreKept() {
    assertTrue(NativeStderr.isChatter(
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"));
    assertTrue(NativeStderr.isChatter("I0000 00:00:1796179651.391578   10515 mlir_graph_optimization_pass.cc:401]"
        + " MLIR V1 optimization pass is not enabled"));
    assertFalse(NativeStderr.isChatter("W0000 00:00:1796179651.391578   10515 bfc_allocator.cc:482] Allocator ran"
        + " out of memory"));
    assertFalse(NativeStderr.isChatter("E0000 00:00:1796179651.391578   10515 some.cc:1] an error"));
    assertFalse(NativeStderr.isChatter("F0000 00:00:1796179651.391578   10515 some.cc:1] Check failed: x"));
    assertFalse(NativeStderr.isChatter("OpenJDK 64-Bit Server VM warning: something"));
  }
}

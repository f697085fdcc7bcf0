package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.io.Npy;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** sample --cases checks the whole batch before it writes anything. */
class SampleBatchValidationTest {
  @TempDir
  Path dir;

  private static String sampleCase(String id, String extra) {
    return "{\"id\": \"" + id + "\", \"config\": \"ones\", \"shape\": [2], \"dtype\": \"float32\"" + extra + "}";
  }

  private CliRun run(String... cases) throws Exception {
    Path file = Files.writeString(dir.resolve("cases.json"), "[" + String.join(", ", cases) + "]");
    return CliRun.of("sample", "--cases", file.toString(), "--out-dir", dir.resolve("out").toString());
  }

  private void assertRefusedWithNothingWritten(CliRun r, String... fragments) {
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected \"" + f + "\" in: " + r.err());
    }
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void duplicateIdsAreRefusedEvenWhenOnlyTheirCaseDiffers() throws Exception {
    assertRefusedWithNothingWritten(run(sampleCase("a", ""), sampleCase("b", ""), sampleCase("a", "")),
        "case 2: id \"a\" is already the id of an earlier case");
    assertRefusedWithNothingWritten(run(sampleCase("Glorot", ""), sampleCase("glorot", "")),
        "id \"glorot\"", "\"Glorot\"");
  }

  @Test
  void anInvalidIdAnywhereStopsTheBatchBeforeTheFirstFile() throws Exception {
    assertRefusedWithNothingWritten(run(sampleCase("ok", ""), sampleCase("../escape", "")), "case 1", "../escape");
    assertRefusedWithNothingWritten(run(sampleCase("ok", ""), "{\"config\": \"ones\", \"shape\": [2]}"),
        "case 1 has no \"id\"");
    assertRefusedWithNothingWritten(run(sampleCase("ok", ""), "[1]"), "case 1 must be an object");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"python_seed\": 7.9                 | \"python_seed\" must be an int",
      "\"python_seed\": true                | \"python_seed\" must be an int",
      "\"python_seed\": \"7\"               | \"python_seed\" must be an int",
      "\"calls\": 4294967297                | \"calls\" must be an int from 1 to 1000, got 4294967297",
      "\"calls\": 1.5                       | \"calls\" must be an int from 1 to 1000, got 1.5",
      "\"calls\": 0                         | \"calls\" must be an int from 1 to 1000, got 0",
      "\"calls\": 18446744073709551617      | \"calls\" must be an int from 1 to 1000",
      "\"calls\": null                      | \"calls\" must be an int from 1 to 1000, got null",
      "\"python_sed\": 5                    | unknown key \"python_sed\"; a case has id, config, shape, dtype"})
  void callsAndPythonSeedAreNeverTruncated(String field, String message) throws Exception {
    assertRefusedWithNothingWritten(run(sampleCase("first", ""), sampleCase("bad", ", " + field)),
        "case \"bad\": " + message);
  }

  /** random.seed(2**64 + 7) then keras.initializers.get("glorot_uniform")((2, 2)), in Keras 3.15.1. */
  @Test
  void aPythonSeedBeyondInt64IsPythonsSeed() throws Exception {
    CliRun r = run("{\"id\": \"big\", \"config\": \"glorot_uniform\", \"shape\": [2, 2], \"dtype\": \"float32\","
        + " \"python_seed\": 18446744073709551623}");
    assertEquals(0, r.code(), r.err());
    try (InputStream in = Files.newInputStream(dir.resolve("out/big.npy"))) {
      assertArrayEquals(new double[] {0.17093098163604736, 0.19280338287353516, 1.0884517431259155,
          -0.8228664398193359}, TensorBytes.toDoubles(DType.FLOAT32, Npy.read(in).data));
    }
  }
}

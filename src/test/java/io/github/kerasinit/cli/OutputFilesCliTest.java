package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI's outputs go: regular files are replaced atomically, everything else is written as a shell's
 * {@code >} would (devices and pipes in place, a symlink's target), inputs are never overwritten, and every error
 * names the user's path and the system's reason.
 */
class OutputFilesCliTest {
  private static final String MODEL = "models/mlp.json";

  @TempDir
  Path dir;

  private static CliRun materialize(Path model, Path out) {
    return CliRun.of("materialize", model.toString(), "--out", out.toString(), "--no-progress", "--format", "json");
  }

  private static void assertOneLineError(CliRun r, String... parts) {
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), "\"" + part + "\" missing from: " + r.err());
    }
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(r.err().contains(".tmp"), r.err());
  }

  /** The entry names of a .npz, reading every entry (which checks its CRC). */
  private static List<String> npzEntries(InputStream in) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
        zip.readAllBytes();
        names.add(e.getName());
      }
    }
    return names;
  }

  private static final List<String> MLP_ENTRIES = List.of("dense/kernel.npy", "dense/bias.npy", "dense_1/kernel.npy",
      "dense_1/bias.npy", "dense_2/kernel.npy", "dense_2/bias.npy");

  private static boolean makeNode(Path node, String... mknodArgs) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("mknod", node.toString()));
    command.addAll(List.of(mknodArgs));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no mknod
    }
  }

  private static int fileType(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
  }

  @Test
  void aFifoIsWrittenInPlaceAndStaysAFifo() throws Exception {
    Path fifo = dir.resolve("pipe");
    assumeTrue(makeNode(fifo, "p"), "mknod p");
    // the reader waits for the writer to open the pipe; if the pipe were replaced by a file it would wait forever
    CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = Files.newInputStream(fifo)) {
        return npzEntries(in);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, r -> {
      Thread t = new Thread(r, "fifo-reader");
      t.setDaemon(true);
      t.start();
    });
    CliRun r = materialize(Path.of(MODEL), fifo);
    assertEquals(0, r.code(), r.err());
    assertEquals(0010000, fileType(fifo), "still a FIFO");
    assertEquals(MLP_ENTRIES, read.get(30, TimeUnit.SECONDS));
  }

  @Test
  void characterDevicesAreWrittenInPlaceAndTheirErrorsNameThePath() throws Exception {
    Path devNull = dir.resolve("null");
    Path devFull = dir.resolve("full");
    assumeTrue(makeNode(devNull, "c", "1", "3") && makeNode(devFull, "c", "1", "7"),
        "mknod of a character device needs root; running as " + System.getProperty("user.name"));
    CliRun r = materialize(Path.of(MODEL), devNull);
    assertEquals(0, r.code(), r.err());
    assertEquals(0020000, fileType(devNull), "/dev/null stays a device");
    assertOneLineError(materialize(Path.of(MODEL), devFull), "cannot write " + devFull + ": No space left on device");
    assertEquals(0020000, fileType(devFull), "/dev/full stays a device");
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aSymlinksTargetIsReplacedAndTheLinkStaysALink() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("real"));
    Path target = sub.resolve("weights.npz");
    Files.writeString(target, "old content");
    Path link = dir.resolve("link.npz");
    Files.createSymbolicLink(link, dir.relativize(target)); // relative, as ln -s real/weights.npz link.npz
    Path chain = dir.resolve("chain.npz");
    Files.createSymbolicLink(chain, link.getFileName());

    CliRun r = materialize(Path.of(MODEL), chain);
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(chain) && Files.isSymbolicLink(link), "the links are still links");
    try (InputStream in = Files.newInputStream(target)) {
      assertEquals(MLP_ENTRIES, npzEntries(in));
    }

    Path dangling = dir.resolve("dangling.npz");
    Files.createSymbolicLink(dangling, Path.of("real", "new.npz"));
    assertEquals(0, materialize(Path.of(MODEL), dangling).code());
    assertTrue(Files.isSymbolicLink(dangling) && Files.isRegularFile(sub.resolve("new.npz")));
  }

  @Test
  void anExistingFileKeepsItsPermissions() throws Exception {
    Path out = dir.resolve("w.npz");
    Files.writeString(out, "old");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
    assertEquals(0, materialize(Path.of(MODEL), out).code());
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertTrue(Files.size(out) > 900_000);
  }

  @Test
  void theModelBeingReadIsNeverOverwritten() throws Exception {
    // named so that --out would write a .npz there (a .json --out is refused before this check)
    Path model = Files.copy(Path.of(MODEL), dir.resolve("self.model"));
    byte[] before = Files.readAllBytes(model);
    assertOneLineError(materialize(model, model), "cannot write " + model, "it is the input file " + model);
    Path alias = Files.createSymbolicLink(dir.resolve("alias.model"), model.getFileName());
    assertOneLineError(materialize(model, alias), "cannot write " + alias, "input file");
    assertArrayEquals(before, Files.readAllBytes(model));
  }

  @Test
  void sampleFollowsTheSameRules() throws Exception {
    Path target = dir.resolve("t.npy");
    Files.writeString(target, "old");
    Path link = Files.createSymbolicLink(dir.resolve("l.npy"), target.getFileName());
    CliRun r = CliRun.of("sample", "--config", "he_normal", "--shape", "2,3", "--out", link.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(24 + 128, Files.size(target), "the .npy went to the link's target");

    // a cases file named manifest.json in the output directory would be replaced by the manifest
    Path cases = dir.resolve("manifest.json");
    Files.writeString(cases, "[{\"id\": \"a\", \"config\": \"ones\", \"shape\": [2], \"dtype\": \"int32\"}]");
    assertOneLineError(CliRun.of("sample", "--cases", cases.toString(), "--out-dir", dir.toString()),
        "cannot write " + cases, "input file");
    assertTrue(Files.readString(cases).contains("\"ones\""));
    assertFalse(Files.exists(dir.resolve("a.npy")), "refused before any case is written");
  }

  @Test
  void outputErrorsNameTheUsersPathAndTheReason() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Path under = file.resolve("w.npz");
    assertOneLineError(materialize(Path.of(MODEL), under), "cannot write " + under + ": Not a directory");
    assertOneLineError(materialize(Path.of(MODEL), dir), "cannot write " + dir + ": Is a directory");
    Path cases = dir.resolve("cases.json");
    Files.writeString(cases, "[]");
    assertOneLineError(CliRun.of("sample", "--cases", cases.toString(), "--out-dir", under.toString()),
        "cannot write " + under + ":", "afile");

    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (!Files.isWritable(locked)) { // root writes anyway
      Path inLocked = locked.resolve("w.npz");
      assertOneLineError(materialize(Path.of(MODEL), inLocked), "cannot write " + inLocked + ": Permission denied");
    }
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void anyNameTheFileSystemTakesCanBeAnOutput() throws Exception {
    Path longest = dir.resolve("w".repeat(251) + ".npz"); // 255 bytes: ext4's, tmpfs' and xfs' limit
    CliRun r = materialize(Path.of(MODEL), longest);
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.size(longest) > 900_000);
    Path tooLong = dir.resolve("w".repeat(252) + ".npz");
    assertOneLineError(materialize(Path.of(MODEL), tooLong), "cannot write " + tooLong + ": File name too long");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aWeightPathTooLongForAZipEntryIsRefusedBeforeWriting() throws Exception {
    String json = Files.readString(Path.of(MODEL)).replace("\"name\": \"dense_1\"",
        "\"name\": \"" + "d".repeat(70_000) + "\"");
    assertTrue(json.contains("d".repeat(70_000)), "the fixture renamed a layer");
    Path model = Files.writeString(dir.resolve("long.json"), json);
    Path out = dir.resolve("w.npz");
    assertOneLineError(materialize(model, out), "weight path \"ddd", "70,007 bytes", "65,531");
    assertFalse(Files.exists(out));
  }

  @Test
  void aWeightOfMoreThan2To63BytesIsRefusedNamingItForEveryOutput() throws Exception {
    Path model = Files.writeString(dir.resolve("huge.json"), "{\"class_name\": \"Sequential\", \"config\": {\"name\":"
        + " \"s\", \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\":"
        + " [null, 9000000000000000000]}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 4}}]}}");
    for (String name : List.of("w.npz", "w.safetensors", "w.weights.h5")) {
      Path out = dir.resolve(name);
      assertOneLineError(materialize(model, out), "s/d/kernel", "[9000000000000000000, 4]");
      assertFalse(Files.exists(out), name);
    }
    assertOneLineError(CliRun.of("materialize", model.toString(), "--no-progress"), "s/d/kernel",
        "[9000000000000000000, 4]", "2^63");
  }

  /**
   * A sharded .safetensors whose second shard cannot be written (here RLIMIT_FSIZE, "File too large", as a full
   * disk would fail it): no shard of the run is left, and the files of an earlier run stay as they were.
   */
  @Test
  void aShardedWriteThatFailsMidwayLeavesNoneOfItsFiles() throws Exception {
    Path model = Files.writeString(dir.resolve("two.json"), "{\"class_name\": \"Sequential\", \"config\": {\"name\":"
        + " \"s\", \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\":"
        + " [null, 4]}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"a\", \"units\": 10}},"
        + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"b\", \"units\": 1000}}]}}");
    Path out = dir.resolve("shards").resolve("m.safetensors");
    Path earlier = Files.writeString(Files.createDirectories(out.getParent()).resolve("m-00001-of-00003.safetensors"),
        "an earlier run's shard");
    // bash's ulimit -f counts KiB: 20 KiB passes the first shard (200 bytes) and stops the second (40,000 bytes)
    Process p = ChildCli.withFileSizeLimit(20, "materialize", model.toString(), "--out", out.toString(),
        "--max-shard-size", "1KB", "--no-progress");
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), output);
    assertTrue(output.contains("cannot write " + out.resolveSibling("m-00002-of-00003.safetensors")
        + ": File too large"), output);
    assertEquals("an earlier run's shard", Files.readString(earlier));
    try (var files = Files.list(out.getParent())) {
      assertEquals(List.of(earlier), files.toList(), "no new shard, no index, no temporary file");
    }
  }
}

package io.github.kerasinit.catalog;

import io.github.kerasinit.device.Devices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every statistical test of {@link DistributionTest} again on /GPU:0. Without a GPU (the CPU build, or no visible
 * device) each one is reported as aborted with "no GPU", visibly, rather than passing.
 */
class DistributionOnGpuTest extends DistributionTest {
  // Per test, not @BeforeAll: surefire then counts every aborted test as skipped instead of reporting none at all.
  @BeforeEach
  void requireGpu() {
    Assumptions.assumeTrue(Devices.accelerators().contains("/GPU:0"),
        "no GPU: devices seen are " + Devices.list() + "; build with -Pgpu on a CUDA machine to run these");
  }

  @Override
  protected String device() {
    return "/GPU:0";
  }
}

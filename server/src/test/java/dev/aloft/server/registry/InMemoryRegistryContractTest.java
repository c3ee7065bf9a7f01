package dev.aloft.server.registry;

import java.time.Duration;
import java.time.Instant;

/** The registry contract on the in-memory backend, with a clock the test moves. */
class InMemoryRegistryContractTest extends RegistryContractTest {

  private TestClock clock;
  private InMemoryRegistryBackend inMemory;

  @Override
  protected RegistryBackend newBackend() {
    clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    inMemory = new InMemoryRegistryBackend(clock);
    return inMemory;
  }

  @Override
  protected void letTimePass(Duration duration) {
    clock.advance(duration);
    inMemory.expire();
  }
}

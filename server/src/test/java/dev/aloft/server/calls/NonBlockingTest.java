package dev.aloft.server.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An attempt ends where the work would block; outside one, nothing changes. */
class NonBlockingTest {

  @Test
  void anAttemptReturnsTheResultOfWorkThatNeverBlocks() throws Exception {
    assertThat(NonBlocking.<String, RuntimeException>attempt(() -> "prepared"))
        .isEqualTo("prepared");
  }

  @Test
  void anAttemptEndsBeforeThePlaceThatWouldBlock() throws Exception {
    List<String> done = new ArrayList<>();

    String result =
        NonBlocking.<String, RuntimeException>attempt(
            () -> {
              done.add("from memory");
              NonBlocking.beforeBlocking();
              done.add("waited for I/O");
              return "prepared";
            });

    assertThat(result).isNull();
    assertThat(done).containsExactly("from memory");
  }

  @Test
  void outsideAnAttemptBlockingIsAllowedAndTheThreadIsLeftAsItWas() throws Exception {
    NonBlocking.beforeBlocking(); // no attempt: nothing happens
    NonBlocking.<String, RuntimeException>attempt(
        () -> {
          NonBlocking.beforeBlocking();
          return "unreached";
        });
    NonBlocking.beforeBlocking(); // the attempt is over: allowed again
  }

  @Test
  void theWorksOwnFailuresPassThrough() {
    assertThatThrownBy(
            () ->
                NonBlocking.<String, IOException>attempt(
                    () -> {
                      throw new IOException("rejected");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("rejected");
    NonBlocking.beforeBlocking(); // and the attempt is over
  }
}

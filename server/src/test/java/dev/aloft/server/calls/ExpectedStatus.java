package dev.aloft.server.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on how a gRPC call failed, as the client sees it. */
public final class ExpectedStatus {

  private ExpectedStatus() {}

  /** The call fails with this code and a description containing every fragment. */
  public static void assertStatus(ThrowingCallable call, Status.Code code, String... inMessage) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have failed with " + code).isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).as(e.getStatus().toString()).contains(inMessage);
  }

  /** A failure with this code whose description starts with the field it is about. */
  public static void assertInvalid(ThrowingCallable call, String field, String... inMessage) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have failed with INVALID_ARGUMENT").isNotNull();
    assertThat(e.getStatus().getCode())
        .as(e.getStatus().toString())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).as(e.getStatus().toString()).startsWith(field);
    if (inMessage.length > 0) {
      assertThat(e.getStatus().getDescription()).as(e.getStatus().toString()).contains(inMessage);
    }
  }
}

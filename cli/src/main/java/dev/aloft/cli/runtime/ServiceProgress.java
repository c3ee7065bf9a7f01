package dev.aloft.cli.runtime;

import com.google.protobuf.Timestamp;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.LogsRequest;
import dev.aloft.api.runtime.v1.ReadRequest;
import dev.aloft.api.runtime.v1.RuntimeGrpc;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import io.grpc.Context;
import java.util.Iterator;

/**
 * Follows a service from Create or Update until it runs: prints its build output and status changes
 * (in table form), and ends at RUNNING, or fails at ERROR or when an instance exits while starting,
 * with the reason.
 */
final class ServiceProgress {

  private ServiceProgress() {}

  /** Follows SERVICE's records since SINCE (the time Create or Update answered); the end state. */
  static Service follow(
      PlatformConnection platform, Output output, String service, Timestamp since) {
    LogsRequest request =
        LogsRequest.newBuilder().setService(service).setStream(true).setSince(since).build();
    String failure = null;
    try (Context.CancellableContext call = Context.current().withCancellation()) {
      Context previous = call.attach();
      try {
        Iterator<LogRecord> records =
            platform.streaming(RuntimeGrpc::newBlockingStub).logs(request);
        while (records.hasNext()) {
          LogRecord record = records.next();
          if (output.format() == OutputFormat.table) {
            output.message(LogLines.line(record));
          }
          if (record.getStatus() == Status.RUNNING || record.getStatus() == Status.ERROR) {
            break;
          }
          if (record.getStatus() == Status.STARTING && record.getMessage().contains(" exited ")) {
            failure =
                "service '"
                    + service
                    + "' "
                    + record.getMessage().substring(record.getMessage().indexOf(':') + 2)
                    + "; the runtime keeps restarting it: see 'aloft logs "
                    + service
                    + "', stop it with 'aloft kill "
                    + service
                    + "'";
            break;
          }
        }
      } finally {
        call.detach(previous);
      }
    }
    Service state =
        platform
            .unary(RuntimeGrpc::newBlockingStub)
            .read(ReadRequest.newBuilder().setService(service).build())
            .getServices(0);
    if (failure != null) {
      throw new CliException(ExitCodes.FAILED, failure);
    }
    if (state.getStatus() == Status.ERROR) {
      String reason = state.getError().lines().findFirst().orElse("no reason given");
      throw new CliException(
          ExitCodes.FAILED,
          "service '" + service + "' failed: " + reason + " (see 'aloft logs " + service + "')");
    }
    return state;
  }
}

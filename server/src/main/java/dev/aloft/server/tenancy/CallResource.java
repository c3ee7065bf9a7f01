package dev.aloft.server.tenancy;

import dev.aloft.server.auth.Resource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource a gRPC method is, as rules name it: type {@code service}; for a platform service
 * {@code aloft.<svc>.v<N>.<Service>/<Method>} the name is {@code <svc>} and the endpoint {@code
 * <Service>.<Method>} (e.g. {@code service:store:Store.Read}); for any other service the name is
 * the full service name and the endpoint {@code <Service>.<Method>} (e.g. {@code
 * service:helloworld.Helloworld:Helloworld.Call}).
 */
public final class CallResource {

  public static final String TYPE = "service";

  private static final Pattern PLATFORM_SERVICE =
      Pattern.compile("aloft\\.([a-z0-9_]+)\\.v[0-9]+[a-z0-9]*\\.([A-Za-z0-9_]+)");

  private CallResource() {}

  /** The resource of a full method name such as {@code aloft.store.v1.Store/Read}. */
  public static Resource of(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    String service = slash < 0 ? fullMethodName : fullMethodName.substring(0, slash);
    String method = slash < 0 ? "" : fullMethodName.substring(slash + 1);
    Matcher platform = PLATFORM_SERVICE.matcher(service);
    if (platform.matches()) {
      return new Resource(TYPE, platform.group(1), platform.group(2) + "." + method);
    }
    String simpleName = service.substring(service.lastIndexOf('.') + 1);
    return new Resource(TYPE, service, simpleName + "." + method);
  }
}

package dev.aloft.server.registry;

/** No node of the named service is registered in the caller's namespace. */
public final class ServiceNotFoundException extends RuntimeException {

  public ServiceNotFoundException(String service) {
    super("service: no service '" + service + "' is registered in this namespace");
  }
}

package dev.aloft.operator.service;

/**
 * Why a service cannot go ahead: a condition reason (CamelCase) and a message naming the field at
 * fault.
 */
public final class ServiceRefusal extends Exception {

  private final String reason;

  public ServiceRefusal(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}

package dev.aloft.operator.partition;

/** A backend refused or could not be reached while applying or removing a tenant's partition. */
public class PartitionException extends RuntimeException {

  public PartitionException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.aloft.server.auth;

/** Whether a rule lets a call through. */
public enum Access {
  GRANTED,
  DENIED
}

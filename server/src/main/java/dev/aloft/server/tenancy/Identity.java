package dev.aloft.server.tenancy;

import dev.aloft.server.auth.Subject;

/**
 * Who presented a call, before any rule was asked: the {@link Caller} it would run as (anonymous
 * when no usable token came with it) and, for an anonymous caller, why its token was not usable.
 *
 * @param caller the caller, with the namespace the call acts in
 * @param tokenProblem for an anonymous caller: what was wrong with (or missing from) the token;
 *     empty for an authenticated caller
 */
public record Identity(Caller caller, String tokenProblem) {

  /** The subject rules are evaluated for. */
  public Subject subject() {
    return caller.authenticated()
        ? new Subject(caller.accountNamespace(), caller.scopes())
        : Subject.ANONYMOUS;
  }
}

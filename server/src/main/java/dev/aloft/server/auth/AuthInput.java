package dev.aloft.server.auth;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of the auth services' input. Each failure is INVALID_ARGUMENT whose message starts with
 * the field's name, says what was wrong and what is accepted. The limits are documented in
 * docs/auth.md and in auth.proto.
 */
final class AuthInput {

  static final int MAX_SCOPES = 32;
  static final int MAX_METADATA_ENTRIES = 32;
  static final int MAX_METADATA_KEY = 64;
  static final int MAX_METADATA_VALUE = 1024;
  static final int MIN_SECRET = 8;
  static final int MAX_SECRET = 1024;
  static final int MAX_RESOURCE_PART = 256;
  static final int MAX_ENDPOINT = 1024;

  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]+");

  private AuthInput() {}

  static StatusRuntimeException invalid(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
  }

  static String accountId(String value, String field) {
    if (value.isEmpty()) {
      throw invalid(field, "required");
    }
    if (!ACCOUNT_ID.matcher(value).matches()) {
      throw invalid(
          field,
          "'"
              + value
              + "' is not an account id; use 1 to 128 letters, digits, '.', '_', '@' or '-',"
              + " starting with a letter or digit");
    }
    return value;
  }

  static String ruleId(String value, String field) {
    if (value.isEmpty()) {
      throw invalid(field, "required");
    }
    if (!RULE_ID.matcher(value).matches()) {
      throw invalid(
          field,
          "'"
              + value
              + "' is not a rule id; use 1 to 128 letters, digits, '.', '_' or '-', starting with"
              + " a letter or digit");
    }
    return value;
  }

  static AccountType accountType(String value) {
    if (value.isEmpty()) {
      return AccountType.USER;
    }
    return AccountType.fromWireName(value)
        .orElseThrow(
            () -> invalid("type", "'" + value + "' is not an account type; use user or service"));
  }

  static List<String> scopes(List<String> values) {
    if (values.size() > MAX_SCOPES) {
      throw invalid("scopes", values.size() + " scopes, at most " + MAX_SCOPES + " allowed");
    }
    List<String> scopes = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String scope = values.get(i);
      if (!SCOPE.matcher(scope).matches()) {
        throw invalid(
            "scopes[" + i + "]",
            "'"
                + scope
                + "' is not a scope; use 1 to 64 letters, digits, '.', '_', ':', '/' or '-',"
                + " starting with a letter or digit ('', '*' and '+' are rule scopes only)");
      }
      if (!scopes.contains(scope)) {
        scopes.add(scope);
      }
    }
    return scopes;
  }

  static Map<String, String> metadata(Map<String, String> values) {
    if (values.size() > MAX_METADATA_ENTRIES) {
      throw invalid(
          "metadata", values.size() + " entries, at most " + MAX_METADATA_ENTRIES + " allowed");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              String key = entry.getKey();
              if (key.length() > MAX_METADATA_KEY || !METADATA_KEY.matcher(key).matches()) {
                throw invalid(
                    "metadata",
                    "key '"
                        + key
                        + "' is not valid; use 1 to "
                        + MAX_METADATA_KEY
                        + " letters, digits, '.', '_' or '-'");
              }
              if (entry.getValue().length() > MAX_METADATA_VALUE) {
                throw invalid(
                    "metadata[" + key + "]",
                    entry.getValue().length()
                        + " characters, at most "
                        + MAX_METADATA_VALUE
                        + " allowed");
              }
              metadata.put(key, entry.getValue());
            });
    return metadata;
  }

  /** The given secret when acceptable, a newly generated one when empty. */
  static String secretOrGenerated(String value, String field) {
    if (value.isEmpty()) {
      return SecretHash.generateSecret();
    }
    if (value.length() < MIN_SECRET || value.length() > MAX_SECRET) {
      throw invalid(
          field,
          value.length()
              + " characters; a secret has "
              + MIN_SECRET
              + " to "
              + MAX_SECRET
              + " characters (leave it empty to have one generated)");
    }
    return value;
  }

  static String ruleScope(String value) {
    if (value.equals(Rule.SCOPE_PUBLIC)
        || value.equals(Rule.SCOPE_NAMESPACE_ACCOUNTS)
        || value.equals(Rule.SCOPE_ANY_ACCOUNT)
        || SCOPE.matcher(value).matches()) {
      return value;
    }
    throw invalid(
        "rule.scope",
        "'"
            + value
            + "' is not a rule scope; use '' (public), '*' (accounts of the namespace), '+' (any"
            + " account) or a scope name of letters, digits, '.', '_', ':', '/' or '-'");
  }

  static Resource resource(String type, String name, String endpoint, String field) {
    return new Resource(
        resourcePart(type, field + ".type", MAX_RESOURCE_PART),
        resourcePart(name, field + ".name", MAX_RESOURCE_PART),
        resourcePart(endpoint, field + ".endpoint", MAX_ENDPOINT));
  }

  private static String resourcePart(String value, String field, int max) {
    if (value.isEmpty()) {
      throw invalid(field, "required (use * for any)");
    }
    if (value.length() > max) {
      throw invalid(field, value.length() + " characters, at most " + max + " allowed");
    }
    if (value.contains(":")) {
      throw invalid(field, "'" + value + "' must not contain ':'");
    }
    int star = value.indexOf('*');
    if (star >= 0 && star != value.length() - 1) {
      throw invalid(
          field,
          "'" + value + "' has '*' before its end; '*' is only allowed as the last character");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw invalid(field, "'" + value + "' contains whitespace or a control character");
      }
    }
    return value;
  }
}

package dev.aloft.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a value is kept at rest by every config backend: its JSON text, or, for a secret, that text
 * encrypted by the {@link SecretCipher} for its namespace and path.
 */
final class StoredValues {

  private final SecretCipher cipher;

  StoredValues(SecretCipher cipher) {
    this.cipher = cipher;
  }

  String seal(String namespace, ConfigPath path, JsonNode value, boolean secret) {
    String json = ConfigValues.print(value);
    return secret ? cipher.encrypt(namespace, path, json) : json;
  }

  JsonNode unseal(String namespace, ConfigPath path, String stored, boolean secret) {
    return ConfigValues.parseStored(secret ? cipher.decrypt(namespace, path, stored) : stored);
  }
}

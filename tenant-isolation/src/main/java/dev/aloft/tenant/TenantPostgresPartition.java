package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A tenant's partition of the PostgreSQL store: the schema of its default database (the store's
 * database defaults to the caller's namespace, i.e. the tenant), named exactly as the server's
 * store names it ({@code PostgresStoreNames} in {@code server/}: {@code <prefix><readable
 * database>_<10 hex digits of SHA-256 over namespace, newline, database>}), and the catalog the
 * store records every schema and table of a tenant in, so that all of them can be dropped with the
 * tenant.
 *
 * @param tenant the tenant's name, the store's namespace
 * @param schema the schema of the tenant's default database
 * @param catalogSchema the schema of the store's catalog, {@code <prefix>catalog}
 * @param catalogTable the catalog table in it, {@value #CATALOG_TABLE}, with columns {@code
 *     namespace_name} and {@code schema_name}
 */
public record TenantPostgresPartition(
    String tenant, String schema, String catalogSchema, String catalogTable) {

  /** The store's catalog of tables, in the catalog schema. */
  public static final String CATALOG_TABLE = "store_tables";

  private static final int READABLE_MAX = 36;

  /** The partition of {@code tenant} for a store whose schemas start with the given prefix. */
  public static TenantPostgresPartition desired(Tenant tenant, BackendPrefixes prefixes) {
    String name = TenantNames.tenantName(tenant);
    String prefix = prefixes.postgresSchemaPrefix();
    return new TenantPostgresPartition(
        name, storeSchema(prefix, name, name), prefix + "catalog", CATALOG_TABLE);
  }

  /** The schema the server's store gives {@code database} of {@code namespace}. */
  public static String storeSchema(String prefix, String namespace, String database) {
    return prefix + readable(database) + "_" + hash(namespace + "\n" + database);
  }

  /** An identifier in double quotes. */
  public static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String readable(String name) {
    StringBuilder readable = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      readable.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
      if (readable.length() == READABLE_MAX) {
        break;
      }
    }
    return readable.toString();
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

package dev.aloft.operator.partition;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.aloft.tenant.TenantEtcdPartition;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.OptionsUtil;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tenants' partitions in etcd ({@link TenantEtcdPartition}): marker key, and a role with read-write
 * permission on the tenant's key prefixes. Removing one deletes every key under those prefixes.
 */
@ApplicationScoped
public class EtcdPartitions {

  private final Client client;
  private final String endpoints;
  private final Duration timeout;

  public EtcdPartitions(
      @ConfigProperty(name = "aloft.partitions.etcd.endpoints") List<String> endpoints,
      @ConfigProperty(name = "aloft.partitions.etcd.user") Optional<String> user,
      @ConfigProperty(name = "aloft.partitions.etcd.password") Optional<String> password,
      @ConfigProperty(name = "aloft.partitions.timeout", defaultValue = "10S") Duration timeout) {
    ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(String[]::new));
    if (user.isPresent()) {
      builder.user(bytes(user.get())).password(bytes(password.orElse("")));
    }
    this.client = builder.build();
    this.endpoints = String.join(",", endpoints);
    this.timeout = timeout;
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Brings the partition in line; true when its marker did not exist before (a new tenant). */
  public boolean apply(TenantEtcdPartition partition) {
    var kv = client.getKVClient();
    var auth = client.getAuthClient();
    ByteSequence marker = bytes(partition.markerKey());
    var found = await("read " + partition.markerKey(), kv.get(marker)).getKvs();
    boolean created = found.isEmpty();
    if (created || !found.get(0).getValue().toString(UTF_8).equals(partition.markerValue())) {
      await("write " + partition.markerKey(), kv.put(marker, bytes(partition.markerValue())));
    }
    ByteSequence role = bytes(partition.role());
    if (!await("list roles", auth.roleList()).getRoles().contains(partition.role())) {
      await("add role " + partition.role(), auth.roleAdd(role));
    }
    List<Permission> granted =
        await("read role " + partition.role(), auth.roleGet(role)).getPermissions();
    for (String prefix : partition.keyPrefixes()) {
      ByteSequence key = bytes(prefix);
      ByteSequence end = OptionsUtil.prefixEndOf(key);
      boolean has =
          granted.stream()
              .anyMatch(
                  p ->
                      p.getPermType() == Permission.Type.READWRITE
                          && p.getKey().equals(key)
                          && p.getRangeEnd().equals(end));
      if (!has) {
        await(
            "grant " + partition.role() + " " + prefix,
            auth.roleGrantPermission(role, key, end, Permission.Type.READWRITE));
      }
    }
    return created;
  }

  /** Whether the tenant's marker key exists. */
  public boolean exists(TenantEtcdPartition partition) {
    return !await(
            "read " + partition.markerKey(), client.getKVClient().get(bytes(partition.markerKey())))
        .getKvs()
        .isEmpty();
  }

  /** Deletes every key under the partition's prefixes, its marker and its role; absent is fine. */
  public long delete(TenantEtcdPartition partition) {
    var kv = client.getKVClient();
    long deleted = 0;
    for (String prefix : partition.keyPrefixes()) {
      deleted +=
          await(
                  "delete " + prefix,
                  kv.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()))
              .getDeleted();
    }
    deleted +=
        await("delete " + partition.markerKey(), kv.delete(bytes(partition.markerKey())))
            .getDeleted();
    var auth = client.getAuthClient();
    if (await("list roles", auth.roleList()).getRoles().contains(partition.role())) {
      await("delete role " + partition.role(), auth.roleDelete(bytes(partition.role())));
    }
    return deleted;
  }

  private <T> T await(String what, CompletableFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PartitionException("etcd at " + endpoints + ": " + what + ": interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PartitionException(
          "etcd at " + endpoints + ": " + what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new PartitionException(
          "etcd at " + endpoints + ": " + what + ": no answer within " + timeout, e);
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, UTF_8);
  }
}

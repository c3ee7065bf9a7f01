package dev.aloft.operator.service;

/**
 * A service's account on the platform: its id is the service's name (the server's Keycloak backend
 * maps it to the confidential client {@code service-<name>} of the tenant's realm), its secret is
 * that client's secret.
 *
 * @param accountId the account's id, the service's name
 * @param accountSecret its secret
 */
public record ServiceCredentials(String accountId, String accountSecret) {}

/**
 * The Aloft operator: reconcilers for the aloft.dev Namespace (tenant), Environment and Service
 * custom resources. Pure builders of desired objects live beside the dependents that apply them;
 * only reconcilers and dependents talk to the API server or Keycloak.
 */
package dev.aloft.operator;

{{/*
Names, labels, images and the checks of values, shared by every template.
*/}}

{{/* The chart's name, at most 63 characters. */}}
{{- define "aloft.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object's name: fullnameOverride, else the release name when it contains
the chart's name, else <release>-<chart>. Cut to 48 characters so that "-operator" and the
longest other suffixes still fit the 63 of a label value.
*/}}
{{- define "aloft.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 48 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 48 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 48 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aloft.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "aloft.labels" -}}
helm.sh/chart: {{ include "aloft.chart" . }}
app.kubernetes.io/name: {{ include "aloft.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aloft
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "server"). */}}
{{- define "aloft.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aloft.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels of one component's objects; call with (dict "root" $ "component" "server"). */}}
{{- define "aloft.componentLabels" -}}
{{ include "aloft.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "aloft.operator.fullname" -}}
{{- printf "%s-operator" (include "aloft.fullname" .) }}
{{- end }}

{{- define "aloft.server.fullname" -}}
{{- printf "%s-server" (include "aloft.fullname" .) }}
{{- end }}

{{- define "aloft.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "aloft.operator.fullname" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- required "operator.serviceAccount.name: name an existing ServiceAccount when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aloft.server.serviceAccountName" -}}
{{- if .Values.server.serviceAccount.create }}
{{- default (include "aloft.server.fullname" .) .Values.server.serviceAccount.name }}
{{- else }}
{{- required "server.serviceAccount.name: name an existing ServiceAccount when server.serviceAccount.create is false" .Values.server.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The images' tag: image.tag, else the chart's appVersion. */}}
{{- define "aloft.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/* An image of ours; call with (dict "root" $ "repository" "aloft/server"). */}}
{{- define "aloft.image" -}}
{{- $registry := required "image.registry: the registry the images come from (e.g. 127.0.0.1:5000) must be set" .root.Values.image.registry }}
{{- $repository := required "image repository must not be empty (operator.image.repository, server.image.repository)" .repository }}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) $repository (include "aloft.imageTag" .root) }}
{{- end }}

{{/*
The server's gRPC address as service pods reach it: platform.serverAddress; else, with
hostNetwork (a single node, where the server listens on the node), the node's IP, which the
operator's pod gets as $(ALOFT_NODE_IP); else the server's Service by its DNS name.
*/}}
{{- define "aloft.serverAddress" -}}
{{- if .Values.platform.serverAddress }}
{{- .Values.platform.serverAddress }}
{{- else if .Values.hostNetwork }}
{{- printf "$(ALOFT_NODE_IP):%d" (int .Values.server.grpcPort) }}
{{- else }}
{{- printf "%s.%s.svc:%d" (include "aloft.server.fullname" .) .Release.Namespace (int .Values.server.grpcPort) }}
{{- end }}
{{- end }}

{{/* Whether build Jobs use the node's network: operator.builder.hostNetwork, else hostNetwork. */}}
{{- define "aloft.builderHostNetwork" -}}
{{- if kindIs "bool" .Values.operator.builder.hostNetwork }}
{{- .Values.operator.builder.hostNetwork }}
{{- else if eq (toString .Values.operator.builder.hostNetwork) "" }}
{{- .Values.hostNetwork }}
{{- else }}
{{- fail (printf "operator.builder.hostNetwork must be true, false or empty (then hostNetwork decides), got %v" .Values.operator.builder.hostNetwork) }}
{{- end }}
{{- end }}

{{/* A port value, checked; call with (list "server.httpPort" .Values.server.httpPort). */}}
{{- define "aloft.port" -}}
{{- $name := index . 0 }}
{{- $value := index . 1 }}
{{- if not (or (kindIs "int" $value) (kindIs "int64" $value) (kindIs "float64" $value)) }}
{{- fail (printf "%s must be a port number between 1 and 65535, got %v" $name $value) }}
{{- end }}
{{- if or (lt (int $value) 1) (gt (int $value) 65535) (ne (float64 (int $value)) (float64 $value)) }}
{{- fail (printf "%s must be a port number between 1 and 65535, got %v" $name $value) }}
{{- end }}
{{- int $value }}
{{- end }}

{{/*
Checks of values that no template would notice by itself; every failure names the value and says
what to do. Included once, by NOTES-independent templates (the server Deployment).
*/}}
{{- define "aloft.validate" -}}
{{- $http := include "aloft.port" (list "server.httpPort" .Values.server.httpPort) }}
{{- $grpc := include "aloft.port" (list "server.grpcPort" .Values.server.grpcPort) }}
{{- $op := include "aloft.port" (list "operator.httpPort" .Values.operator.httpPort) }}
{{- if eq $http $grpc }}
{{- fail (printf "server.httpPort and server.grpcPort must differ, both are %s" $http) }}
{{- end }}
{{- if and .Values.hostNetwork (or (eq $op $http) (eq $op $grpc)) }}
{{- fail (printf "with hostNetwork the operator and the server share the node's ports: operator.httpPort %s collides with the server's (httpPort %s, grpcPort %s); choose another" $op $http $grpc) }}
{{- end }}
{{- if not (has .Values.server.runtime.backend (list "kubernetes" "local")) }}
{{- fail (printf "server.runtime.backend must be kubernetes or local, got %q" (toString .Values.server.runtime.backend)) }}
{{- end }}
{{- if ne (int .Values.operator.replicas) 1 }}
{{- fail (printf "operator.replicas must be 1 (the operator runs without leader election), got %v" .Values.operator.replicas) }}
{{- end }}
{{- if lt (int .Values.server.replicas) 1 }}
{{- fail (printf "server.replicas must be at least 1, got %v" .Values.server.replicas) }}
{{- end }}
{{- if and .Values.hostNetwork (gt (int .Values.server.replicas) 1) }}
{{- fail (printf "with hostNetwork the server's ports are the node's: server.replicas must be 1 on a single node, got %v" .Values.server.replicas) }}
{{- end }}
{{- if not (regexMatch "^(https?://[^,\\s]+)(,https?://[^,\\s]+)*$" (toString .Values.backends.etcd.endpoints)) }}
{{- fail (printf "backends.etcd.endpoints must be comma-separated http:// or https:// URLs, got %q" (toString .Values.backends.etcd.endpoints)) }}
{{- end }}
{{- if not (regexMatch "^(/[A-Za-z0-9._-]+)+$" (toString .Values.backends.etcd.prefix)) }}
{{- fail (printf "backends.etcd.prefix must be a key path such as /aloft (segments of letters, digits, '.', '_', '-'), got %q" (toString .Values.backends.etcd.prefix)) }}
{{- end }}
{{- if not (regexMatch "^[a-z][a-z0-9_]{0,15}$" (toString .Values.backends.postgres.schemaPrefix)) }}
{{- fail (printf "backends.postgres.schemaPrefix must be 1 to 16 of a-z, 0-9, '_', starting with a letter (e.g. aloft_), got %q" (toString .Values.backends.postgres.schemaPrefix)) }}
{{- end }}
{{- if not (regexMatch "^[a-z][a-z0-9]{0,15}$" (toString .Values.backends.nats.prefix)) }}
{{- fail (printf "backends.nats.prefix must be 1 to 16 of a-z, 0-9, starting with a letter (e.g. aloft), got %q" (toString .Values.backends.nats.prefix)) }}
{{- end }}
{{- if not (hasPrefix "jdbc:postgresql://" (toString .Values.backends.postgres.url)) }}
{{- fail (printf "backends.postgres.url must be a JDBC URL jdbc:postgresql://HOST:PORT/DATABASE, got %q" (toString .Values.backends.postgres.url)) }}
{{- end }}
{{- if not (regexMatch "^(nats|tls)://" (toString .Values.backends.nats.url)) }}
{{- fail (printf "backends.nats.url must be a nats:// or tls:// URL, got %q" (toString .Values.backends.nats.url)) }}
{{- end }}
{{- if not (regexMatch "^https?://" (toString .Values.backends.keycloak.url)) }}
{{- fail (printf "backends.keycloak.url must be Keycloak's http:// or https:// base URL, got %q" (toString .Values.backends.keycloak.url)) }}
{{- end }}
{{- $_ := required "backends.keycloak.adminPasswordSecret.name: the Secret (in the release namespace) with the Keycloak admin's password must be named" .Values.backends.keycloak.adminPasswordSecret.name }}
{{- $_ := required "server.configKeySecret.name: the Secret (in the release namespace) with the key of secret config values must be named" .Values.server.configKeySecret.name }}
{{- $_ := required "backends.keycloak.adminUser must be set" .Values.backends.keycloak.adminUser }}
{{- $_ := required "backends.postgres.user must be set" .Values.backends.postgres.user }}
{{- if .Values.operator.selector }}
{{- if not (regexMatch "^[A-Za-z0-9./_-]+( *(=|==|!=) *[A-Za-z0-9._-]*)?( *, *[A-Za-z0-9./_-]+( *(=|==|!=) *[A-Za-z0-9._-]*)?)*$" .Values.operator.selector) }}
{{- fail (printf "operator.selector must be a label selector such as aloft.dev/stage=prod (key=value, key!=value or key, comma-separated), got %q" .Values.operator.selector) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Addresses and credentials of the backends, as both the server (cluster profile) and the operator
read them: the same ALOFT_* variables.
*/}}
{{- define "aloft.backendEnv" -}}
- name: ALOFT_ETCD_ENDPOINTS
  value: {{ .Values.backends.etcd.endpoints | quote }}
- name: ALOFT_POSTGRES_JDBC_URL
  value: {{ .Values.backends.postgres.url | quote }}
- name: ALOFT_POSTGRES_USER
  value: {{ .Values.backends.postgres.user | quote }}
{{- with .Values.backends.postgres.passwordSecret }}
{{- if .name }}
- name: ALOFT_POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ required "backends.postgres.passwordSecret.key must be set" .key }}
{{- end }}
{{- end }}
- name: ALOFT_NATS_URL
  value: {{ .Values.backends.nats.url | quote }}
- name: ALOFT_KEYCLOAK_URL
  value: {{ .Values.backends.keycloak.url | quote }}
- name: ALOFT_KEYCLOAK_ADMIN_USER
  value: {{ .Values.backends.keycloak.adminUser | quote }}
- name: ALOFT_KEYCLOAK_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.backends.keycloak.adminPasswordSecret.name }}
      key: {{ required "backends.keycloak.adminPasswordSecret.key must be set" .Values.backends.keycloak.adminPasswordSecret.key }}
{{- end }}

{{/* etcd's own credentials, under the variable names of the given properties' prefix. */}}
{{- define "aloft.etcdCredentialsEnv" -}}
{{- $secret := .root.Values.backends.etcd.credentialsSecret }}
{{- if $secret.name }}
- name: {{ .prefix }}_USER
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name }}
      key: {{ required "backends.etcd.credentialsSecret.userKey must be set" $secret.userKey }}
- name: {{ .prefix }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name }}
      key: {{ required "backends.etcd.credentialsSecret.passwordKey must be set" $secret.passwordKey }}
{{- end }}
{{- end }}

{{/* The operator's backend settings: the shared ones, its partition prefixes, etcd auth. */}}
{{- define "aloft.operator.backendEnv" -}}
{{ include "aloft.backendEnv" . }}
- name: ALOFT_PARTITIONS_ETCD_PREFIX
  value: {{ .Values.backends.etcd.prefix | quote }}
- name: ALOFT_PARTITIONS_POSTGRES_SCHEMA_PREFIX
  value: {{ .Values.backends.postgres.schemaPrefix | quote }}
- name: ALOFT_PARTITIONS_JETSTREAM_PREFIX
  value: {{ .Values.backends.nats.prefix | quote }}
{{- include "aloft.etcdCredentialsEnv" (dict "root" . "prefix" "ALOFT_PARTITIONS_ETCD") }}
{{- end }}

{{/* The server's backend settings: the shared ones, its prefixes (equal to the operator's). */}}
{{- define "aloft.server.backendEnv" -}}
{{ include "aloft.backendEnv" . }}
- name: ALOFT_ETCD_PREFIX
  value: {{ .Values.backends.etcd.prefix | quote }}
- name: ALOFT_STORE_POSTGRES_SCHEMA_PREFIX
  value: {{ .Values.backends.postgres.schemaPrefix | quote }}
- name: ALOFT_EVENTS_JETSTREAM_PREFIX
  value: {{ .Values.backends.nats.prefix | quote }}
{{- include "aloft.etcdCredentialsEnv" (dict "root" . "prefix" "ALOFT_ETCD") }}
{{- end }}

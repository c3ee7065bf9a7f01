package dev.aloft.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the operator does with the Kubernetes API, read from its code: the primary resources of its
 * reconcilers, the objects of their dependents (with the verbs their kind of dependent uses), and
 * the calls its classes make through the fabric8 client ({@code client.pods()...list()}).
 */
final class OperatorApiUsage {

  static final List<String> READ = List.of("get", "list", "watch");

  /** fabric8 client accessors the operator uses, and the resource each one reaches. */
  static final Map<String, Permission> ACCESSORS =
      Map.of(
          "pods", new Permission("", "pods", ""),
          "secrets", new Permission("", "secrets", ""),
          "services", new Permission("", "services", ""),
          "namespaces", new Permission("", "namespaces", ""),
          "v1.events", new Permission("", "events", ""),
          "apps.deployments", new Permission("apps", "deployments", ""),
          "batch.v1.jobs", new Permission("batch", "jobs", ""));

  /** Terminal calls of a client chain, and the verbs they need. */
  static final Map<String, List<String>> OPERATIONS =
      Map.ofEntries(
          Map.entry("get", List.of("get")),
          Map.entry("list", List.of("list")),
          Map.entry("create", List.of("create")),
          Map.entry("delete", List.of("delete")),
          Map.entry("update", List.of("update")),
          Map.entry("patch", List.of("patch")),
          Map.entry("edit", List.of("get", "patch")),
          Map.entry("serverSideApply", List.of("patch")),
          Map.entry("createOrReplace", List.of("get", "create", "update")),
          Map.entry("watch", List.of("watch")),
          Map.entry("inform", List.of("list", "watch")),
          Map.entry("waitUntilCondition", List.of("get", "list", "watch")),
          Map.entry("getLog", List.of("get")),
          Map.entry("watchLog", List.of("get")));

  /** A field or parameter of type KubernetesClient (the client's name in that file). */
  private static final Pattern CLIENT_DECLARATION =
      Pattern.compile("\\bKubernetesClient\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*[;,)=]");

  private static final Pattern CALL = Pattern.compile("\\.([A-Za-z][A-Za-z0-9]*)\\(");

  /** Names of the fabric8 client's methods, to tell its calls from other variables' named alike. */
  private static final Set<String> CLIENT_METHODS =
      Stream.of(io.fabric8.kubernetes.client.KubernetesClient.class.getMethods())
          .map(java.lang.reflect.Method::getName)
          .collect(java.util.stream.Collectors.toSet());

  private OperatorApiUsage() {}

  /** The reconciler classes of the operator: every {@code *Reconciler.java} of its sources. */
  static List<Class<?>> reconcilers(Path operatorSources) {
    try (Stream<Path> files = Files.walk(operatorSources)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("Reconciler.java"))
          .map(f -> className(operatorSources, f))
          .map(OperatorApiUsage::load)
          .filter(Reconciler.class::isAssignableFrom)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Permissions of the reconcilers' primary resources, their status and finalizers. */
  static Set<Permission> primaries(List<Class<?>> reconcilers) {
    Set<Permission> needed = new LinkedHashSet<>();
    for (Class<?> reconciler : reconcilers) {
      Class<? extends HasMetadata> primary = primaryOf(reconciler);
      String group = HasMetadata.getGroup(primary);
      String plural = HasMetadata.getPlural(primary);
      needed.addAll(
          Permission.of(group, plural, List.of("get", "list", "watch", "update", "patch")));
      needed.addAll(Permission.of(group, plural + "/status", List.of("update", "patch")));
      needed.addAll(Permission.of(group, plural + "/finalizers", List.of("update")));
    }
    return needed;
  }

  /**
   * Permissions of the Kubernetes objects the reconcilers' workflows manage: read and watch
   * (informers), plus create, update and patch, delete as the dependent is a Creator, Updater,
   * Deleter.
   */
  static Set<Permission> dependents(List<Class<?>> reconcilers) {
    Set<Permission> needed = new LinkedHashSet<>();
    for (Class<?> reconciler : reconcilers) {
      Workflow workflow = reconciler.getAnnotation(Workflow.class);
      if (workflow == null) {
        continue;
      }
      for (Dependent dependent : workflow.dependents()) {
        Class<?> type = dependent.type();
        Class<?> resource = resourceOf(type);
        if (resource == null || !HasMetadata.class.isAssignableFrom(resource)) {
          continue; // not a Kubernetes object (a backend partition)
        }
        @SuppressWarnings("unchecked")
        Class<? extends HasMetadata> kind = (Class<? extends HasMetadata>) resource;
        List<String> verbs = new ArrayList<>(READ);
        if (Creator.class.isAssignableFrom(type)) {
          verbs.add("create");
        }
        if (Updater.class.isAssignableFrom(type)) {
          verbs.addAll(List.of("update", "patch"));
        }
        if (Deleter.class.isAssignableFrom(type)) {
          verbs.add("delete");
        }
        needed.addAll(
            Permission.of(HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), verbs));
      }
    }
    return needed;
  }

  /**
   * Permissions of the calls the operator's classes make through its fabric8 client: each chain
   * {@code client.<accessor>()...<operation>()} of {@code operatorSources}.
   *
   * @throws IllegalStateException naming the file and the chain for an accessor or operation this
   *     class does not know yet, so a new kind of call cannot slip past the ClusterRole check
   */
  static Set<Permission> clientCalls(Path operatorSources) {
    Set<Permission> needed = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(operatorSources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(file);
        Set<String> clients = new LinkedHashSet<>();
        CLIENT_DECLARATION.matcher(source).results().forEach(m -> clients.add(m.group(1)));
        if (source.contains(".getClient()")) {
          clients.add("getClient()");
        }
        String code =
            source
                .replaceAll("(?m)^\\s*(import|package)\\s.*$", "")
                .replaceAll("//[^\\n]*|/\\*(?s:.*?)\\*/", "")
                .replaceAll("\\s+", "")
                .replace("this.", "");
        for (String client : clients) {
          Matcher start =
              Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(client) + "\\.").matcher(code);
          while (start.find()) {
            needed.addAll(chain(file, code, start.end() - 1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return needed;
  }

  /** The permissions one chain starting at {@code .} in {@code code[from]} needs. */
  private static List<Permission> chain(Path file, String code, int from) {
    List<String> calls = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    int at = from;
    while (at < code.length() && code.charAt(at) == '.') {
      Matcher call = CALL.matcher(code).region(at, code.length());
      if (!call.lookingAt()) {
        break;
      }
      int open = call.end() - 1;
      int close = closingParenthesis(code, open);
      calls.add(call.group(1));
      arguments.add(code.substring(open + 1, close));
      at = close + 1;
    }
    String text = "client." + String.join("().", calls) + "()";
    if (calls.isEmpty() || !CLIENT_METHODS.contains(calls.get(0))) {
      return List.of(); // a local variable of the same name, not the Kubernetes client
    }
    Permission resource = null;
    int accessorEnd = 0;
    if (!calls.isEmpty()
        && calls.get(0).equals("resources")
        && arguments.get(0).endsWith(".class")) {
      Class<?> kind = crdClass(arguments.get(0).substring(0, arguments.get(0).length() - 6));
      @SuppressWarnings("unchecked")
      Class<? extends HasMetadata> k = (Class<? extends HasMetadata>) kind;
      resource = new Permission(HasMetadata.getGroup(k), HasMetadata.getPlural(k), "");
      accessorEnd = 1;
    } else {
      for (int i = 1; i <= calls.size() && resource == null; i++) {
        Permission known = ACCESSORS.get(String.join(".", calls.subList(0, i)));
        if (known != null) {
          resource = known;
          accessorEnd = i;
        }
      }
    }
    if (resource == null) {
      throw new IllegalStateException(
          file
              + ": unknown client call "
              + text
              + "; add its resource to OperatorApiUsage.ACCESSORS"
              + " and to the operator's ClusterRole (helm/aloft/templates/operator-rbac.yaml)");
    }
    List<String> verbs = new ArrayList<>();
    String subresource = null;
    for (String call : calls.subList(accessorEnd, calls.size())) {
      List<String> operation = OPERATIONS.get(call);
      if (operation != null) {
        verbs.addAll(operation);
        if (call.equals("getLog") || call.equals("watchLog")) {
          subresource = "log";
        }
      }
    }
    if (verbs.isEmpty()) {
      throw new IllegalStateException(
          file + ": no known operation in " + text + "; add it to OperatorApiUsage.OPERATIONS");
    }
    String name =
        subresource == null ? resource.resource() : resource.resource() + "/" + subresource;
    return Permission.of(resource.group(), name, verbs);
  }

  private static int closingParenthesis(String code, int open) {
    int depth = 0;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException(
        "unbalanced parentheses after " + code.substring(open, Math.min(code.length(), open + 80)));
  }

  private static Class<?> crdClass(String simpleName) {
    return load("dev.aloft.crds.v1alpha1." + simpleName);
  }

  @SuppressWarnings("unchecked")
  static Class<? extends HasMetadata> primaryOf(Class<?> reconciler) {
    for (Type type : reconciler.getGenericInterfaces()) {
      if (type instanceof ParameterizedType p && p.getRawType() == Reconciler.class) {
        return (Class<? extends HasMetadata>) p.getActualTypeArguments()[0];
      }
    }
    throw new IllegalStateException(reconciler + " does not implement Reconciler<P> directly");
  }

  /** The first type argument R of the JOSDK dependent base class {@code type} extends. */
  static Class<?> resourceOf(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getGenericSuperclass() instanceof ParameterizedType p
          && p.getRawType() instanceof Class<?> raw
          && raw.getPackageName().startsWith("io.javaoperatorsdk")
          && p.getActualTypeArguments()[0] instanceof Class<?> resource) {
        return resource;
      }
    }
    return null;
  }

  private static String className(Path root, Path file) {
    String relative = root.relativize(file).toString();
    return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, OperatorApiUsage.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + " is not on the test class path", e);
    }
  }
}

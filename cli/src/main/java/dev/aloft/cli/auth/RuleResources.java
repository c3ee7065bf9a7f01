package dev.aloft.cli.auth;

import dev.aloft.api.auth.v1.Resource;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;

/** Rule resources as users type them: {@code type:name:endpoint}, e.g. service:store:Store.*. */
final class RuleResources {

  private RuleResources() {}

  static Resource parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE,
          "--resource: '"
              + text
              + "' is not type:name:endpoint; e.g. service:store:Store.Read, service:store:*"
              + " or *:*:*");
    }
    return Resource.newBuilder().setType(parts[0]).setName(parts[1]).setEndpoint(parts[2]).build();
  }

  static String format(Resource resource) {
    return resource.getType() + ":" + resource.getName() + ":" + resource.getEndpoint();
  }
}

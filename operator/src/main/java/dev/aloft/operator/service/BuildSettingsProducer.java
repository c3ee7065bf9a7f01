package dev.aloft.operator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How build Jobs run, from {@code aloft.builder.*} configuration. */
@ApplicationScoped
public class BuildSettingsProducer {

  @ConfigProperty(name = "aloft.builder.image")
  String image;

  @ConfigProperty(name = "aloft.builder.base-image")
  String baseImage;

  @ConfigProperty(name = "aloft.builder.host-network", defaultValue = "false")
  boolean hostNetwork;

  @ConfigProperty(name = "aloft.builder.cpu", defaultValue = "2")
  String cpu;

  @ConfigProperty(name = "aloft.builder.memory", defaultValue = "2Gi")
  String memory;

  @ConfigProperty(name = "aloft.builder.deadline", defaultValue = "30M")
  Duration deadline;

  @Produces
  @jakarta.inject.Singleton
  BuildSettings buildSettings() {
    return new BuildSettings(image, baseImage, hostNetwork, cpu, memory, deadline.toSeconds());
  }
}

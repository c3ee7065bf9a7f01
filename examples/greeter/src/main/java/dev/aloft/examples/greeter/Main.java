package dev.aloft.examples.greeter;

import dev.aloft.sdk.Service;

/** Starts greeter: serves, registers, and runs until stopped. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Service.builder("greeter").version("1.0.0").handler(aloft -> new Greeter(aloft)).build().run();
  }
}

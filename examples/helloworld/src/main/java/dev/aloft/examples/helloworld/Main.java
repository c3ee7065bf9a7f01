package dev.aloft.examples.helloworld;

import dev.aloft.sdk.Service;

/** Starts helloworld: serves, registers, and runs until stopped. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Service.builder("helloworld").version("1.0.0").handler(new Helloworld()).build().run();
  }
}

/** A service that does not compile: the runtime reports the compiler's message. */
public class Main {
  public static void main(String[] args) {
    int port = "not a number";
  }
}

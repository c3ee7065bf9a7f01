package dev.aloft.server.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP port that forwards to another, and remembers the HTTP/1.1 request lines that went
 * through it, so a test can see which requests reached the target. {@link #stop} closes the port
 * and every connection (the target seems gone); {@link #start} opens the same port again.
 */
public final class TcpForwarder implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private Thread acceptor;

  public TcpForwarder(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
    start();
  }

  public int port() {
    return port;
  }

  /** Request lines ({@code GET /path HTTP/1.1}) seen so far. */
  public List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  /** Opens the port again; does nothing while it is open. */
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = socket;
    acceptor = new Thread(() -> accept(socket), "forwarder-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Closes the port and every connection made through it; returns once a connection to the port is
   * refused, so the caller sees the target gone.
   */
  public synchronized void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
      try {
        // the acceptor may be between accept() and recording a connection: let it finish
        acceptor.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the forwarder", e);
      }
      acceptor = null;
    }
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
    try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
      throw new IllegalStateException("port " + port + " still accepts connections after stop");
    } catch (IOException refused) {
      // closed, as it should be
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        sockets.add(client);
        Socket target = new Socket(targetHost, targetPort);
        sockets.add(target);
        pump(client, target, true);
        pump(target, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean requests) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (requests) {
                    recordRequestLines(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed: close both below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "forwarder-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private void recordRequestLines(String chunk) {
    for (String line : chunk.split("\r\n")) {
      if (line.matches("(GET|POST|PUT|DELETE) /\\S* HTTP/1\\.1")) {
        requestLines.add(line);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}

package io.concertsale.router.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A local port nobody listens on right now. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

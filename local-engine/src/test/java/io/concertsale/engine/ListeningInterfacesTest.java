package io.concertsale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/**
 * Which interfaces the engine's gateways listen on, over real sockets from a non-loopback address of this machine:
 * the loopback one only by default; gRPC on every interface when asked, REST still on the loopback one.
 */
class ListeningInterfacesTest {

    @Test
    void byDefaultBothGatewaysListenOnTheLoopbackInterfaceOnly() throws Exception {
        InetAddress external = nonLoopbackAddress();
        try (LocalEngine engine = LocalEngine.start(EngineOptions.inMemory().withRestPort(0))) {
            int rest = engine.restAddress().orElseThrow().getPort();

            for (int port : new int[] {engine.port(), rest}) {
                assertThatThrownBy(() -> connect(external, port)).as("port %d from %s", port, external)
                        .isInstanceOf(ConnectException.class);
                connect(InetAddress.getLoopbackAddress(), port);
            }
        }
    }

    @Test
    void grpcOnEveryInterfaceLeavesRestOnTheLoopbackOne() throws Exception {
        InetAddress external = nonLoopbackAddress();
        try (LocalEngine engine = LocalEngine.start(EngineOptions.inMemory().withRestPort(0)
                .withGrpcHost("0.0.0.0"))) {
            int rest = engine.restAddress().orElseThrow().getPort();

            connect(external, engine.port());
            connect(InetAddress.getLoopbackAddress(), engine.port());
            assertThatThrownBy(() -> connect(external, rest)).isInstanceOf(ConnectException.class);
            assertThat(engine.grpcAddress().getHost()).isEqualTo("127.0.0.1");
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5000);
        }
    }

    /** An IPv4 address of this machine that other machines reach: up, not loopback, not link-local. */
    static InetAddress nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(network -> {
            try {
                return network.isUp() && !network.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLinkLocalAddress())
                .findFirst().orElseThrow(() -> new IllegalStateException("No non-loopback IPv4 address to test from"));
    }
}

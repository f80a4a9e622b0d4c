package io.concertsale.gateway.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * What the gateway's relays to other parts (the broker's event log, the router's model API) share: the target's
 * base URL without trailing slashes, and an HTTP/1.1 client with the relay's connect timeout.
 */
public final class Relays {

    private Relays() {
    }

    /** The base URL, normalized, without trailing slashes: paths are appended to it. */
    public static Optional<URI> base(Optional<URI> configured) {
        return configured.map(url -> URI.create(url.normalize().toString().replaceAll("/+$", "")));
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }
}

package io.concertsale.gateway.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Where one of the gateway's relays to another part goes (the broker's event log, the router's model API): the
 * target's base URL, normalized without trailing slashes, or none when not configured; the timeout of a request;
 * and an HTTP/1.1 client that connects within it.
 */
public record Relay(Optional<URI> baseUrl, Duration timeout, HttpClient http) {

    public static Relay of(Optional<URI> configured, Duration timeout) {
        return new Relay(configured.map(url -> URI.create(url.normalize().toString().replaceAll("/+$", ""))), timeout,
                HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build());
    }

    public boolean configured() {
        return baseUrl.isPresent();
    }
}

package io.concertsale.gateway.backoffice.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Where one of the gateway's relays to another part goes (the broker's event log, the router's model API): the
 * target's base URL, normalized without trailing slashes, or none when not configured; the timeout of a request;
 * an HTTP/1.1 client that connects within it; and the operator credential those APIs need ({@code Authorization}),
 * which every request carries.
 */
public record OperatorApiRelay(Optional<URI> baseUrl, Duration timeout, HttpClient http, String authorization) {

    /**
     * @param authorization the operator credential's {@code Authorization} header, or {@code null} for none
     */
    public static OperatorApiRelay of(Optional<URI> configured, Duration timeout, String authorization) {
        return new OperatorApiRelay(configured.map(url -> URI.create(url.normalize().toString().replaceAll("/+$", ""))),
                timeout, HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build(),
                authorization);
    }

    /** A request to the target with the relay's timeout and credential. */
    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    public boolean configured() {
        return baseUrl.isPresent();
    }
}

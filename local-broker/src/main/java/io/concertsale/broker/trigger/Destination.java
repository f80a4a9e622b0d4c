package io.concertsale.broker.trigger;

import java.net.URI;

/**
 * Where events go, as in Knative's {@code duckv1.Destination}: a reference to an addressable (resolved by name to
 * a local address), an absolute URI, or a reference plus a path relative to its address.
 *
 * @param ref the referenced addressable, or null
 * @param uri an absolute URI (without ref) or a path relative to the ref's address (with ref), or null
 * @param audience the OIDC audience of the destination ({@code audience}): deliveries to it carry a token issued for
 *        it; null: no token (Knative's behaviour)
 */
public record Destination(Ref ref, URI uri, String audience) {

    public Destination {
        if (audience != null && audience.isBlank()) {
            throw new IllegalArgumentException("An audience must not be blank");
        }
        if (ref == null && uri == null) {
            throw new IllegalArgumentException("A destination needs a ref or a uri");
        }
        if (ref == null && !uri.isAbsolute()) {
            throw new IllegalArgumentException("A uri without ref must be absolute: " + uri);
        }
        if (ref != null && uri != null && uri.isAbsolute()) {
            throw new IllegalArgumentException("Absolute URI is not allowed when ref is present: " + uri);
        }
    }

    public Destination(Ref ref, URI uri) {
        this(ref, uri, null);
    }

    public static Destination of(URI uri) {
        return new Destination(null, uri);
    }

    public static Destination of(Ref ref, URI path) {
        return new Destination(ref, path);
    }

    /** The same destination with this audience. */
    public Destination withAudience(String audience) {
        return new Destination(ref, uri, audience);
    }

    /** A readable form for logs: {@code Service/tickets-service + /events} or the URI. */
    public String describe() {
        if (ref == null) {
            return uri.toString();
        }
        return ref.kind() + "/" + ref.name() + (uri == null ? "" : " + " + uri);
    }

    /**
     * A reference to an addressable, such as a Knative Service.
     *
     * @param namespace null for the Trigger's own namespace
     */
    public record Ref(String apiVersion, String kind, String name, String namespace) {
    }
}

package io.concertsale.broker.trigger;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves destinations to URLs, as Knative resolves an addressable's {@code ref} to its address: each ref name
 * maps to a base URL, from configuration ({@code broker.subscribers}) or registered at runtime (the launcher starts
 * the services after the broker and registers their actual ports). An address that is only a path, such as
 * {@code /dead-letters}, is on this broker itself.
 */
public final class Subscribers {

    private final ConcurrentMap<String, URI> addresses = new ConcurrentHashMap<>();
    private volatile URI self;

    public Subscribers(Map<String, URI> addresses) {
        addresses.forEach(this::register);
    }

    /**
     * Registers or replaces the address of a ref name.
     *
     * @param address an absolute URL such as {@code http://localhost:8082}, or a path on this broker
     */
    public void register(String name, URI address) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        boolean url = address.isAbsolute() && address.getHost() != null
                && ("http".equals(address.getScheme()) || "https".equals(address.getScheme()));
        boolean path = !address.isAbsolute() && address.getPath() != null && address.getPath().startsWith("/");
        if (!url && !path) {
            throw new IllegalArgumentException("The address of '" + name + "' must be an http(s) URL or a path"
                    + " starting with /: " + address);
        }
        addresses.put(name, address);
    }

    /** Forgets the address of a ref name; Triggers pointing at it fail until it is registered again. */
    public void unregister(String name) {
        addresses.remove(name);
    }

    /** Every registered address, as configured (paths on this broker unresolved). */
    public Map<String, URI> addresses() {
        return new TreeMap<>(addresses);
    }

    /** Tells where this broker listens, once its web server is up, e.g. {@code http://localhost:8090}. */
    public void self(URI base) {
        this.self = base;
    }

    /**
     * The URL a destination points at now.
     *
     * @throws UnresolvableDestinationException when its ref name has no address
     */
    public URI resolve(Destination destination) {
        if (destination.ref() == null) {
            return destination.uri();
        }
        String name = destination.ref().name();
        URI base = addresses.get(name);
        if (base == null) {
            throw new UnresolvableDestinationException("No address for " + destination.ref().kind() + " '" + name
                    + "': set broker.subscribers." + name + " or register it at runtime");
        }
        if (!base.isAbsolute()) {
            URI broker = self;
            if (broker == null) {
                throw new UnresolvableDestinationException("The address of '" + name + "' is a path on this broker,"
                        + " which is not listening yet");
            }
            base = broker.resolve(base);
        }
        if (destination.uri() == null) {
            return base;
        }
        if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
            base = base.resolve("/");
        }
        return base.resolve(destination.uri());
    }
}

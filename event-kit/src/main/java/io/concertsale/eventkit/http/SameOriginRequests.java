package io.concertsale.eventkit.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a state-changing request a browser sent from another site (cross-site request forgery): an operator's
 * browser keeps the HTTP Basic credential it was given and sends it with any request to that origin, a foreign page's
 * form POST included. Such a request carries {@code Sec-Fetch-Site: cross-site} or {@code same-site}, or an {@code
 * Origin} that is not the request's own; a script or {@code curl} sends neither and is not a browser acting for
 * someone else. Safe methods ({@code GET}, {@code HEAD}, {@code OPTIONS}) change nothing and always pass.
 */
public final class SameOriginRequests {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private SameOriginRequests() {
    }

    /** Whether the request changes state and a browser sent it from another origin. */
    public static boolean crossSiteChange(HttpServletRequest request) {
        if (SAFE.contains(request.getMethod())) {
            return false;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin, request);
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        if (origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            if (uri.getScheme() == null || uri.getHost() == null || host == null) {
                return false;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            String scheme = request.getScheme();
            int defaultPort = scheme.equalsIgnoreCase("https") ? 443 : 80;
            String expected = host.contains(":") && !host.endsWith("]") ? host : host + ":" + defaultPort;
            return uri.getScheme().equalsIgnoreCase(scheme)
                    && (uri.getHost().toLowerCase(Locale.ROOT) + ":" + port).equals(expected.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

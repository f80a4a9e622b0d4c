package io.concertsale.eventkit.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator credential in front of a part's operator endpoints (the broker's event log, Trigger and dead-letter
 * APIs, the router's deployments, every actuator endpoint beyond health) in the parts that have no Spring Security of
 * their own: HTTP Basic as user {@code admin} with the sale's admin password, compared in constant time. Without it
 * 401 problem+json with the Basic challenge; a state-changing request a browser sent from another site 403
 * ({@link SameOriginRequests}), credential or not. Without a configured password every operator endpoint refuses
 * everyone. The backoffice relays these endpoints with the credential.
 */
public final class OperatorCredentialFilter extends OncePerRequestFilter {

    /** After the body size limit and the direct endpoints (deliveries have their own identity). */
    public static final int ORDER = DirectEndpointFilter.ORDER + 2;
    public static final String USER = "admin";
    static final String REALM = "concert-sale operator";

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final byte[] expected;
    private final List<String> protectedPaths;
    private final List<String> openPaths;

    /**
     * @param password the admin password, or {@code null}/blank: nobody gets in
     * @param protectedPaths Ant-style patterns of the operator endpoints
     * @param openPaths patterns among them that stay open (health)
     */
    public OperatorCredentialFilter(String password, List<String> protectedPaths, List<String> openPaths) {
        this.expected = password == null || password.isBlank() ? null
                : basic(password).getBytes(StandardCharsets.UTF_8);
        this.protectedPaths = List.copyOf(protectedPaths);
        this.openPaths = List.copyOf(openPaths);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return openPaths.stream().anyMatch(pattern -> PATHS.match(pattern, path))
                || protectedPaths.stream().noneMatch(pattern -> PATHS.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SameOriginRequests.crossSiteChange(request)) {
            Problems.write(response, HttpServletResponse.SC_FORBIDDEN, Problems.type("cross-site-request"),
                    "Cross-site request", "A page of another site may not change anything here",
                    request.getRequestURI());
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (expected == null || authorization == null || !MessageDigest.isEqual(expected,
                authorization.getBytes(StandardCharsets.UTF_8))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, Problems.type("unauthorized"),
                    "Unauthorized", expected == null ? "This part has no admin password (sale.admin-password): its "
                            + "operator endpoints refuse everyone" : "This needs the operator credential (HTTP Basic, "
                            + "user admin, the sale's admin password)", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    /** The {@code Authorization} header value of the operator credential, for the parts that relay to another. */
    public static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

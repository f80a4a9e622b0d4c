package io.concertsale.gateway.config;

import io.concertsale.eventkit.config.EventsProperties;
import io.concertsale.eventkit.http.Problems;
import io.concertsale.eventkit.http.SameOriginRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin API ({@code /api/admin/**}) and the backoffice ({@code /backoffice/**}) need HTTP Basic as user
 * {@code admin}; everything else is public. Wrong or missing credentials answer 401 problem+json.
 *
 * <p>Spring's token-based CSRF protection is off: this API sets no cookies and keeps no server session (stateless),
 * and the browser API is keyed by an unguessable session id in the path. But a browser replays a cached Basic
 * credential on a foreign page's form POST, so state-changing admin requests a browser sent from another site are
 * refused by their {@code Sec-Fetch-Site} / {@code Origin} headers ({@link #crossSiteChanges()}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String ADMIN = "admin";
    static final String REALM = "concert-sale admin";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The event ingress ({@code sale.events.ingress-path}), where the broker delivers: a chain of its own with only
     * what a machine-to-machine endpoint needs, so the shop's filters (Basic authentication, anonymous sessions, the
     * request cache) cost nothing on every delivery.
     */
    @Bean
    @Order(1)
    SecurityFilterChain eventIngressFilters(HttpSecurity http, EventsProperties events) throws Exception {
        return http
                .securityMatcher(events.ingressPath())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .headers(headers -> headers.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(exceptions -> exceptions.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    /**
     * No tracing span around every filter of every request: Spring Security observes each one otherwise, which costs
     * more than the filters themselves on the event ingress; the request as a whole is still observed
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(2)
    SecurityFilterChain filters(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            if (wantsPage(request)) {
                signInPage(response);
                return;
            }
            problem(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "The admin API needs the admin credential (HTTP Basic)");
        };
        AccessDeniedHandler forbidden = (request, response, exception) -> problem(response,
                HttpServletResponse.SC_FORBIDDEN, "forbidden", "Forbidden", "Only the admin may do this");
        return http
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(crossSiteChanges(), BasicAuthenticationFilter.class)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/admin/**", "/backoffice/**").hasRole("ADMIN")
                        .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    /** The admin credential: the configured password, or one generated for this run. */
    @Bean
    AdminCredential adminCredential(AdminProperties properties) {
        String password = properties.adminPassword();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("No sale.admin-password (SALE_ADMIN_PASSWORD) set: the admin password of this run is {}",
                    password);
        }
        return new AdminCredential(password);
    }

    /**
     * A browser keeps the admin's Basic credential and sends it with any request to the gateway, a foreign page's
     * form POST included: a state-changing request to the admin API, the backoffice or the actuator that a browser
     * sent from another site is refused 403 before the credential is even looked at ({@link SameOriginRequests}).
     */
    static OncePerRequestFilter crossSiteChanges() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI();
                return !(path.startsWith("/api/admin") || path.startsWith("/backoffice")
                        || path.startsWith("/actuator"));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                if (SameOriginRequests.crossSiteChange(request)) {
                    problem(response, HttpServletResponse.SC_FORBIDDEN, "cross-site-request", "Cross-site request",
                            "A page of another site may not change anything here");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    @Bean
    UserDetailsService admin(AdminCredential credential, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(
                User.withUsername(ADMIN).password(encoder.encode(credential.password())).roles("ADMIN").build());
    }

    /**
     * Compares the admin password in constant time. The password lives only in this process's memory (it comes from
     * configuration), so a slow password hash such as bcrypt would add nothing but its cost, paid on every request
     * of the backoffice.
     */
    @Bean
    PasswordEncoder adminPasswordEncoder() {
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return HexFormat.of().formatHex(sha256(raw));
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return raw != null && encoded != null && MessageDigest.isEqual(
                        encode(raw).getBytes(StandardCharsets.US_ASCII), encoded.getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    private static byte[] sha256(CharSequence raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** A browser opening a backoffice page (rather than a script calling the API). */
    static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return request.getRequestURI().startsWith("/backoffice") && accept != null && accept.contains("text/html");
    }

    /**
     * What a browser shows when the operator cancels its sign-in dialog (the 401 still asks for the credential, so the
     * dialog comes first): how to get in, instead of a JSON problem.
     */
    private static void signInPage(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Backoffice – sign in</title><link rel="stylesheet" href="/css/site.css"></head>
                <body class="signin"><main class="card narrow">
                <h1>Backoffice</h1>
                <p>The backoffice needs the admin credential. Sign in as user <strong>admin</strong> with the password the
                launcher printed at start (or <code>SALE_ADMIN_PASSWORD</code>).</p>
                <p><a class="button primary" href="/backoffice">Sign in</a> <a class="button" href="/">Back to the shop</a></p>
                </main></body></html>
                """);
    }

    private static void problem(HttpServletResponse response, int status, String slug, String title, String detail)
            throws IOException {
        Problems.write(response, status, Problems.type(slug), title, detail, null);
    }
}

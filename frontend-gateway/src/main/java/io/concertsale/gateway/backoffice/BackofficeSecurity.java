package io.concertsale.gateway.backoffice;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.eventkit.http.SameOriginRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The backoffice's security: the admin API ({@code /api/admin/**}) and the backoffice ({@code /backoffice/**}) need
 * HTTP Basic as user {@code admin}, and so does the actuator but for health and info. Wrong or missing credentials
 * answer 401 problem+json (a browser opening a backoffice page gets a sign-in page instead), a user without the role
 * 403. This chain comes before the shop's ({@code shop.ShopSecurity}), which takes every other request.
 *
 * <p>Spring's token-based CSRF protection is off: this API sets no cookies and keeps no server session (stateless).
 * But a browser replays a cached Basic credential on a foreign page's form POST, so state-changing admin requests a
 * browser sent from another site are refused by their {@code Sec-Fetch-Site} / {@code Origin} headers
 * ({@link #crossSiteChanges()}).
 */
@Configuration(proxyBeanMethods = false)
class BackofficeSecurity {

    static final String REALM = "concert-sale admin";

    @Bean
    @Order(2)
    SecurityFilterChain backofficeFilters(HttpSecurity http) throws Exception {
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
                .securityMatcher(request -> backofficePath(request.getRequestURI()))
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

    /**
     * A browser keeps the admin's Basic credential and sends it with any request to the gateway, a foreign page's
     * form POST included: a state-changing request to the admin API, the backoffice or the actuator that a browser
     * sent from another site is refused 403 before the credential is even looked at ({@link SameOriginRequests}).
     */
    static OncePerRequestFilter crossSiteChanges() {
        return new OncePerRequestFilter() {
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

    /**
     * The requests this chain takes: every path under the prefixes of the admin API, the backoffice and the actuator
     * (the prefixes the cross-site check uses). Within them the chain's rules say what needs the credential: a path
     * that only starts like one of them, such as {@code /backoffice.css}, stays public.
     */
    static boolean backofficePath(String path) {
        return path.startsWith("/api/admin") || path.startsWith("/backoffice") || path.startsWith("/actuator");
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

package io.concertsale.gateway.shop;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The shop's security: everything the fans use (the pages, {@code /api/sessions/**}, {@code /api/sale},
 * {@code /api/ticket-types}, the session WebSocket) is public. This chain comes last and takes every request the
 * event ingress's and the backoffice's chains did not match.
 *
 * <p>Spring's token-based CSRF protection is off: it defends cookie-based sessions against requests a foreign page
 * makes a browser send with those cookies, and the shop sets no cookies and keeps no server session (stateless); the
 * browser API is keyed by an unguessable session id in the path. The session WebSocket refuses handshakes from other
 * origins by itself ({@code gateway.websocket.allowed-origins}).
 */
@Configuration(proxyBeanMethods = false)
class ShopSecurity {

    @Bean
    @Order(3)
    SecurityFilterChain shopFilters(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }
}

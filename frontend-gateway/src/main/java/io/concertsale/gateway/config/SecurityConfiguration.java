package io.concertsale.gateway.config;

import io.concertsale.eventkit.config.EventsProperties;
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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What both audiences' security shares: the event ingress's own chain (first), the admin user and its credential,
 * how its password is compared. The requests of people go through two more chains, in this order: the backoffice's
 * ({@code backoffice.BackofficeSecurity}: the admin API, the backoffice pages and the actuator, HTTP Basic as user
 * {@code admin}) and the shop's ({@code shop.ShopSecurity}: everything else, public).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String ADMIN = "admin";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The event ingress ({@code sale.events.ingress-path}), where the broker delivers: a chain of its own with only
     * what a machine-to-machine endpoint needs, so the other chains' filters (Basic authentication, anonymous sessions,
     * the request cache) cost nothing on every delivery.
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
}

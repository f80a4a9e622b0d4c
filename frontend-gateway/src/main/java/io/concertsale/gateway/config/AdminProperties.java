package io.concertsale.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin credential ({@code sale.admin-password}, environment {@code SALE_ADMIN_PASSWORD}). The user is
 * {@code admin}; without a password a random one is generated at start and logged at WARN.
 */
@ConfigurationProperties("sale")
public record AdminProperties(String adminPassword) {
}

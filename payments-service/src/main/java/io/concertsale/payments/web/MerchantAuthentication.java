package io.concertsale.payments.web;

import io.concertsale.payments.config.PaymentsProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a merchant request through only with {@code Authorization: Bearer <api key>} naming one of
 * {@code payments.api-keys} (several, so keys can be rotated). With no key configured every request passes.
 */
@Component
class MerchantAuthentication implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(MerchantAuthentication.class);
    private static final String BEARER = "Bearer ";

    private final List<byte[]> keys;

    MerchantAuthentication(PaymentsProperties properties) {
        this.keys = properties.apiKeys().stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
        if (keys.isEmpty()) {
            log.warn("payments.api-keys is empty: the merchant API accepts requests without an API key. "
                    + "Set PAYMENTS_API_KEYS everywhere but on a developer's machine.");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (keys.isEmpty() || "OPTIONS".equals(request.getMethod())) {
            return true;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new MerchantUnauthorizedException("Send the merchant API key as 'Authorization: Bearer <key>'");
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            // constant time, and every key compared, so timing tells nothing about the keys
            known |= MessageDigest.isEqual(key, presented);
        }
        if (!known) {
            throw new MerchantUnauthorizedException("The API key is not valid");
        }
        return true;
    }
}

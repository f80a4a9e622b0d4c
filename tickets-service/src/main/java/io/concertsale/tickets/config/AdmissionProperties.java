package io.concertsale.tickets.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How admission tokens are checked ({@code sale.admission.*}, shared with the queue service).
 *
 * @param tokenSecret the HMAC secret the queue signs admission tokens with ({@code SALE_ADMISSION_TOKEN_SECRET}),
 *        at least 32 characters
 */
@ConfigurationProperties("sale.admission")
public record AdmissionProperties(String tokenSecret) {
}

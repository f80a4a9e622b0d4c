package io.concertsale.gateway.config;

import io.concertsale.eventkit.http.OperatorCredentialFilter;

/**
 * The sale's admin credential (user {@code admin}): what the backoffice and the admin API ask of the operator, and
 * what the gateway presents when it relays the broker's and the router's operator APIs, which ask the same one.
 */
public record AdminCredential(String password) {

    @Override
    public String toString() {
        return "AdminCredential[password=<hidden>]";
    }

    /** The {@code Authorization} header of the credential (HTTP Basic). */
    public String authorization() {
        return OperatorCredentialFilter.basic(password);
    }
}

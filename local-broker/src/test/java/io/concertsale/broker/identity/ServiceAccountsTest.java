package io.concertsale.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceAccountsTest {

    @Test
    void namesTheIdentitiesAsKnativeDoes() {
        assertThat(ServiceAccounts.subject("concert-sale", "sources.knative.dev", "SinkBinding", "tickets-service"))
                .isEqualTo("system:serviceaccount:concert-sale:tickets-service-oidc-sources.knative.dev-sinkbinding");
        assertThat(ServiceAccounts.subject("concert-sale", "eventing.knative.dev", "Trigger",
                "tickets-service-sale-opened")).isEqualTo(
                "system:serviceaccount:concert-sale:tickets-service-sale-opened-oidc-eventing.knative.dev-trigger");
        assertThat(ServiceAccounts.account("sources.knative.dev", "SinkBinding", "zeebe-cloud-events-router"))
                .as("62 characters: not shortened").hasSize(62)
                .isEqualTo("zeebe-cloud-events-router-oidc-sources.knative.dev-sinkbinding");
    }

    @Test
    void aNameLongerThanKubernetesAllowsKeepsAPrefixAndAHash() {
        String account = ServiceAccounts.account("eventing.knative.dev", "Trigger",
                "frontend-gateway-tickets-reservation-rejected");
        String other = ServiceAccounts.account("eventing.knative.dev", "Trigger",
                "frontend-gateway-tickets-reservation-expired");

        assertThat(account).hasSize(63).startsWith("frontend-gateway-tickets-reser").matches("[a-z0-9.-]+");
        assertThat(account.substring(31)).matches("[0-9a-f]{32}");
        assertThat(other).hasSize(63).isNotEqualTo(account);
        assertThat(ServiceAccounts.account("eventing.knative.dev", "Trigger",
                "frontend-gateway-tickets-reservation-rejected")).as("stable").isEqualTo(account);
    }

    @Test
    void aShortParentWithALongSuffixIsPaddedWithTheSuffixWithoutATrailingDash() {
        String name = ServiceAccounts.childName("a-thirty-character-parent-name", "-oidc-eventing.knative.dev-trigger");

        assertThat(name).startsWith("a-thirty-character-parent-name").hasSize(62).doesNotEndWith("-");
    }
}

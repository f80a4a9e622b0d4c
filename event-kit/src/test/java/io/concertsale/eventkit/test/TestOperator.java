package io.concertsale.eventkit.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.http.OperatorCredentialFilter;
import java.net.http.HttpResponse;

/** The operator credential of the parts tests start ({@link TestSaleEnvironment}). */
public final class TestOperator {

    public static final String PASSWORD = "test-admin-password";
    /** The {@code Authorization} header of the operator. */
    public static final String AUTHORIZATION = OperatorCredentialFilter.basic(PASSWORD);

    private TestOperator() {
    }

    /** The operator credential's refusal: 401 problem+json with the Basic challenge. */
    public static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri())
                .isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:concertsale:problem:unauthorized");
    }
}

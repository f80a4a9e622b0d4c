package io.concertsale.eventkit.test;

import io.concertsale.eventkit.http.OperatorCredentialFilter;

/** The operator credential of the parts tests start ({@link TestSaleEnvironment}). */
public final class TestOperator {

    public static final String PASSWORD = "test-admin-password";
    /** The {@code Authorization} header of the operator. */
    public static final String AUTHORIZATION = OperatorCredentialFilter.basic(PASSWORD);

    private TestOperator() {
    }
}

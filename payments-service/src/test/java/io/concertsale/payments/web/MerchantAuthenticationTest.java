package io.concertsale.payments.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.payments.config.PaymentsProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ExtendWith(OutputCaptureExtension.class)
class MerchantAuthenticationTest {

    @Test
    void withoutConfiguredKeysEveryRequestPassesAndAWarningIsLogged(CapturedOutput output) {
        MerchantAuthentication authentication = new MerchantAuthentication(properties(List.of()));

        assertThat(output.getOut() + output.getErr()).contains("WARN").contains("payments.api-keys is empty");
        assertThat(authentication.preHandle(request(null), new MockHttpServletResponse(), new Object())).isTrue();
    }

    @Test
    void anyConfiguredKeyIsAccepted() {
        MerchantAuthentication authentication = new MerchantAuthentication(properties(List.of("old-key", "new-key")));

        assertThat(authentication.preHandle(request("Bearer old-key"), new MockHttpServletResponse(), new Object()))
                .isTrue();
        assertThat(authentication.preHandle(request("bearer new-key"), new MockHttpServletResponse(), new Object()))
                .isTrue();
    }

    @Test
    void missingWrongOrNonBearerKeyIsRefused() {
        MerchantAuthentication authentication = new MerchantAuthentication(properties(List.of("key")));

        assertThatThrownBy(() -> authentication.preHandle(request(null), new MockHttpServletResponse(), new Object()))
                .isInstanceOf(MerchantUnauthorizedException.class);
        assertThatThrownBy(() -> authentication.preHandle(request("Bearer other"), new MockHttpServletResponse(),
                new Object())).isInstanceOf(MerchantUnauthorizedException.class);
        assertThatThrownBy(() -> authentication.preHandle(request("Basic key"), new MockHttpServletResponse(),
                new Object())).isInstanceOf(MerchantUnauthorizedException.class);
        assertThatThrownBy(() -> authentication.preHandle(request("Bearer "), new MockHttpServletResponse(),
                new Object())).isInstanceOf(MerchantUnauthorizedException.class);
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/payments");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }

    private static PaymentsProperties properties(List<String> keys) {
        return new Binder(new MapConfigurationPropertySource(Map.of("payments.api-keys", String.join(",", keys))))
                .bindOrCreate("payments", PaymentsProperties.class);
    }
}

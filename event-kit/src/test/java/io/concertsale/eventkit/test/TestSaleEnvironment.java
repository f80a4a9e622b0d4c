package io.concertsale.eventkit.test;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What every part a test starts is told, as the launcher tells the parts of a sale: sender identity from
 * {@link TestIdentity} ({@code sale.events.identity.*}) and the operator credential {@link TestOperator}. The last
 * property source, so a test's own settings win.
 */
public class TestSaleEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("sale.events.identity.issuer", TestIdentity.issuer());
        settings.put("sale.events.identity.jwks-uri", TestIdentity.jwksUri().toString());
        settings.put("sale.events.identity.audience", TestIdentity.AUDIENCE);
        settings.put("sale.admin-password", TestOperator.PASSWORD);
        environment.getPropertySources().addLast(new MapPropertySource("testSale", settings));
    }
}

package io.concertsale.router.zeebe;

import io.concertsale.router.config.RouterProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code router.zeebe.*} as Spring binds them, from a few settings in kebab case ({@code "auth.method"}). */
final class ZeebeSettings {

    private ZeebeSettings() {
    }

    /** Settings as name, value, name, value... */
    static RouterProperties.Zeebe of(String... namesAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put("router.zeebe." + namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("router.zeebe", Bindable.of(RouterProperties.Zeebe.class));
    }
}

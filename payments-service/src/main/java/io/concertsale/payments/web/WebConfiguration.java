package io.concertsale.payments.web;

import io.concertsale.payments.config.PaymentsProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The merchant API needs the API key; the public card endpoints may be called from the sale's web pages. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final MerchantAuthentication authentication;
    private final PaymentsProperties properties;

    WebConfiguration(MerchantAuthentication authentication, PaymentsProperties properties) {
        this.authentication = authentication;
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authentication).addPathPatterns("/api/payments", "/api/payments/**");
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (properties.corsAllowedOrigins().isEmpty()) {
            return;
        }
        String[] origins = properties.corsAllowedOrigins().toArray(String[]::new);
        registry.addMapping("/api/cards").allowedOrigins(origins).allowedMethods("POST");
        registry.addMapping("/api/test-cards").allowedOrigins(origins).allowedMethods("GET");
    }
}

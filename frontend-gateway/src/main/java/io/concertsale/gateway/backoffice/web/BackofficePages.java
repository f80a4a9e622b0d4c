package io.concertsale.gateway.backoffice.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The backoffice's address: {@code /backoffice} (its {@code index.html}, behind the admin credential like everything
 * under it). The fans' shop needs none: it is {@code /}, the static {@code index.html}.
 */
@Configuration(proxyBeanMethods = false)
class BackofficePages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/backoffice").setViewName("forward:/backoffice/index.html");
        registry.addViewController("/backoffice/").setViewName("forward:/backoffice/index.html");
    }
}

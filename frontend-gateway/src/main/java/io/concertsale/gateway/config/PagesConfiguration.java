package io.concertsale.gateway.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The pages' addresses: the fans' shop is {@code /} (the static {@code index.html}), the backoffice
 * {@code /backoffice} (its {@code index.html}, behind the admin credential like everything under it).
 */
@Configuration(proxyBeanMethods = false)
class PagesConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/backoffice").setViewName("forward:/backoffice/index.html");
        registry.addViewController("/backoffice/").setViewName("forward:/backoffice/index.html");
    }
}

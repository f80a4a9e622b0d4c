package io.concertsale.eventkit.config;

import io.concertsale.eventkit.http.RequestObservationFilter;
import io.concertsale.eventkit.http.UnobservedPaths;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import java.util.HashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The observation of every request as Spring Boot registers it (same name, convention, order and dispatcher types),
 * but with a filter that does not enter the paths of {@link UnobservedPaths}: Boot's own registration steps back
 * when this one exists.
 */
@AutoConfiguration(after = ObservationAutoConfiguration.class, before = WebMvcObservationAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServerHttpObservationFilter.class, ObservationProperties.class})
@ConditionalOnBean(ObservationRegistry.class)
public class RequestObservationAutoConfiguration {

    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> requestObservationFilter(ObservationRegistry registry,
            ObjectProvider<ServerRequestObservationConvention> customConvention, ObservationProperties properties,
            ObjectProvider<UnobservedPaths> unobserved) {
        String name = properties.getHttp().getServer().getRequests().getName();
        ServerRequestObservationConvention convention =
                customConvention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
        Set<String> paths = new HashSet<>();
        unobserved.orderedStream().forEach(each -> paths.addAll(each.paths()));
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new RequestObservationFilter(registry, convention, paths));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }
}

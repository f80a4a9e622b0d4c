package io.concertsale.gateway.config;

import io.concertsale.eventkit.schedule.PeriodicJob;
import io.concertsale.gateway.shop.session.IdleSessions;
import io.concertsale.gateway.shop.session.SessionService;
import io.concertsale.gateway.shop.session.web.SessionSockets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's periodic work, run by event-kit's one scheduling mechanism ({@link PeriodicJob}). */
@Configuration(proxyBeanMethods = false)
class GatewayJobs {

    @Bean
    PeriodicJob progressPush(SessionSockets sockets, GatewayProperties properties) {
        return PeriodicJob.every(properties.websocket().progressInterval(), "push of the waiting room's progress",
                sockets::pushProgress);
    }

    @Bean
    PeriodicJob socketResync(SessionSockets sockets, GatewayProperties properties) {
        return PeriodicJob.every(properties.websocket().resyncInterval(), "resync of the session sockets",
                sockets::resync);
    }

    @Bean
    PeriodicJob activityWrite(SessionService sessions, GatewayProperties properties) {
        return PeriodicJob.every(properties.sessions().activityWriteInterval(), "write of the fans' activity",
                sessions::writeActivity);
    }

    @Bean
    PeriodicJob idleSessionCheck(IdleSessions idleSessions, GatewayProperties properties) {
        return PeriodicJob.every(properties.sessions().idleCheckInterval(), "check for idle sessions",
                idleSessions::check).startingAfter(properties.sessions().idleCheckInterval());
    }
}

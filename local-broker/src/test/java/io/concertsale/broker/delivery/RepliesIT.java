package io.concertsale.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.test.TestSubscriber;
import io.concertsale.broker.test.TestSubscriber.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RepliesIT extends BrokerIntegrationSupport {

    @Test
    void binaryReplyIsIngestedAsANewEventAndRouted() {
        String key = key();
        CloudEvent question = event("test.Question", key);
        CloudEvent answer = event("test.Answer", key);
        ALPHA.script(question.getId(), Answer.reply(200, answer));

        send(question);

        TestSubscriber.Request routed = BETA.await(answer.getId(), 1, TIMEOUT).getFirst();
        assertThat(routed.path()).isEqualTo("/answers");
        assertThat(routed.event()).isEqualTo(answer);
        JsonNode delivery = settled(question).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.path("replyId").asString()).isEqualTo(answer.getId());
        JsonNode reply = settled(answer);
        assertThat(reply.path("replyTo").path("trigger").asString()).isEqualTo("alpha-questions");
        assertThat(reply.path("replyTo").path("eventId").asString()).isEqualTo(question.getId());
        assertThat(reply.path("deliveries").get(0).path("trigger").asString()).isEqualTo("beta-answers");
    }

    @Test
    void structuredReplyIsIngestedToo() {
        String key = key();
        CloudEvent question = event("test.Question", key);
        CloudEvent answer = event("test.Answer", key);
        ALPHA.script(question.getId(), Answer.structuredReply(202, answer));

        send(question);

        TestSubscriber.Request routed = BETA.await(answer.getId(), 1, TIMEOUT).getFirst();
        assertThat(routed.event().getType()).isEqualTo("test.Answer");
        assertThat(routed.event().getExtension("correlationkey")).isEqualTo(key);
    }

    @Test
    void plainAnswerIsNoReply() {
        CloudEvent question = event("test.Question", key());
        ALPHA.script(question.getId(), Answer.status(200, "{\"ok\":true}"));

        send(question);

        JsonNode delivery = settled(question).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.has("replyId")).isFalse();
    }

    @Test
    void invalidReplyIsCountedAndTheDeliveryStillStands() {
        CloudEvent question = event("test.Question", key());
        ALPHA.script(question.getId(), Answer.brokenReply());
        double before = count(BrokerMetrics.LOST, "trigger", "alpha-questions", "reason", "invalid-reply");

        send(question);

        JsonNode delivery = settled(question).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(ALPHA.requests(question.getId())).hasSize(1);
        assertThat(count(BrokerMetrics.LOST, "trigger", "alpha-questions", "reason", "invalid-reply"))
                .isEqualTo(before + 1);
    }
}

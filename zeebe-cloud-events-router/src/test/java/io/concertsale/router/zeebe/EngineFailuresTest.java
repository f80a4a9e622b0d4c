package io.concertsale.router.zeebe;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The client's failures, sorted into what the router does about them. */
class EngineFailuresTest {

    private static ClientStatusException grpc(Status status) {
        return new ClientStatusException(status.withDescription("from the gateway"), null);
    }

    @Test
    void grpcStatusesMapToKinds() {
        assertThat(EngineFailures.kind(grpc(Status.ALREADY_EXISTS))).isEqualTo(EngineException.Kind.ALREADY_EXISTS);
        assertThat(EngineFailures.kind(grpc(Status.NOT_FOUND))).isEqualTo(EngineException.Kind.NOT_FOUND);
        assertThat(EngineFailures.kind(grpc(Status.INVALID_ARGUMENT))).isEqualTo(EngineException.Kind.REJECTED);
        assertThat(EngineFailures.kind(grpc(Status.FAILED_PRECONDITION))).isEqualTo(EngineException.Kind.CONFLICT);
        assertThat(EngineFailures.kind(grpc(Status.UNAVAILABLE))).isEqualTo(EngineException.Kind.UNAVAILABLE);
        assertThat(EngineFailures.kind(grpc(Status.DEADLINE_EXCEEDED))).isEqualTo(EngineException.Kind.UNAVAILABLE);
        assertThat(EngineFailures.kind(grpc(Status.RESOURCE_EXHAUSTED))).isEqualTo(EngineException.Kind.UNAVAILABLE);
    }

    @Test
    void restStatusesMapToKinds() {
        assertThat(EngineFailures.kind(new ClientHttpException(404, "Not Found")))
                .isEqualTo(EngineException.Kind.NOT_FOUND);
        assertThat(EngineFailures.kind(new ClientHttpException("ALREADY_EXISTS: message id", 409, "Conflict")))
                .isEqualTo(EngineException.Kind.ALREADY_EXISTS);
        assertThat(EngineFailures.kind(new ClientHttpException("INVALID_STATE", 409, "Conflict")))
                .isEqualTo(EngineException.Kind.CONFLICT);
        assertThat(EngineFailures.kind(new ClientHttpException(400, "Bad Request")))
                .isEqualTo(EngineException.Kind.REJECTED);
        assertThat(EngineFailures.kind(new ClientHttpException(503, "Service Unavailable")))
                .isEqualTo(EngineException.Kind.UNAVAILABLE);
    }

    @Test
    void noAnswerAtAllMeansUnavailableAndWrappersAreLookedThrough() {
        assertThat(EngineFailures.kind(new ClientException("timed out"))).isEqualTo(EngineException.Kind.UNAVAILABLE);
        assertThat(EngineFailures.kind(new CompletionException(grpc(Status.NOT_FOUND))))
                .isEqualTo(EngineException.Kind.NOT_FOUND);
    }

    @Test
    void theTranslationSaysWhatTheRouterWasDoing() {
        EngineException failure = EngineFailures.translate(grpc(Status.UNAVAILABLE), "publishing message A.B");

        assertThat(failure.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
        assertThat(failure.getMessage()).contains("publishing message A.B").contains("UNAVAILABLE")
                .contains("from the gateway");
    }
}

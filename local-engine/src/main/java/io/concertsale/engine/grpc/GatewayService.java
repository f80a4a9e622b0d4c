package io.concertsale.engine.grpc;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BrokerInfo;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployProcessRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployProcessResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Deployment;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Partition;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ProcessMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutResponse;
import io.concertsale.engine.runtime.Command;
import io.concertsale.engine.runtime.EngineLoop;
import io.concertsale.engine.runtime.Processor;
import io.concertsale.engine.runtime.Rejection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zeebe's gateway API (gateway.proto) over the local engine: each call becomes a command for the engine thread and
 * is answered once the command is processed and on disk. Calls the engine does not serve answer UNIMPLEMENTED.
 */
public final class GatewayService extends GatewayGrpc.GatewayImplBase {

    /** The Zeebe version whose gateway protocol this engine speaks. */
    public static final String PROTOCOL_VERSION = "8.8.21";
    private static final String TENANT = "<default>";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EngineLoop engine;

    public GatewayService(EngineLoop engine) {
        this.engine = engine;
    }

    @Override
    public void topology(TopologyRequest request, StreamObserver<TopologyResponse> response) {
        response.onNext(TopologyResponse.newBuilder().setClusterSize(1).setPartitionsCount(1).setReplicationFactor(1)
                .setGatewayVersion(PROTOCOL_VERSION)
                .addBrokers(BrokerInfo.newBuilder().setNodeId(0).setHost("localhost").setPort(26501)
                        .setVersion(PROTOCOL_VERSION)
                        .addPartitions(Partition.newBuilder().setPartitionId(1)
                                .setRole(Partition.PartitionBrokerRole.LEADER)
                                .setHealth(Partition.PartitionBrokerHealth.HEALTHY)))
                .build());
        response.onCompleted();
    }

    @Override
    public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> response) {
        reply(deploy(request.getResourcesList().stream()
                .map(resource -> new Command.Resource(resource.getName(), resource.getContent().toByteArray()))), response,
                deployment -> {
                    DeployResourceResponse.Builder builder = DeployResourceResponse.newBuilder()
                            .setKey(deployment.key()).setTenantId(TENANT);
                    deployment.processes().forEach(process -> builder.addDeployments(Deployment.newBuilder()
                            .setProcess(metadata(process))));
                    return builder.build();
                });
    }

    @Override
    @SuppressWarnings("deprecation")
    public void deployProcess(DeployProcessRequest request, StreamObserver<DeployProcessResponse> response) {
        reply(deploy(request.getProcessesList().stream()
                .map(process -> new Command.Resource(process.getName(), process.getDefinition().toByteArray()))),
                response, deployment -> {
                    DeployProcessResponse.Builder builder = DeployProcessResponse.newBuilder()
                            .setKey(deployment.key());
                    deployment.processes().forEach(process -> builder.addProcesses(metadata(process)));
                    return builder.build();
                });
    }

    /** Both deployment calls: the resources deployed, answered with the deployment. */
    private CompletableFuture<Processor.Deployment> deploy(java.util.stream.Stream<Command.Resource> resources) {
        return engine.submit(new Command.Deploy(resources.toList())).thenApply(Processor.Deployment.class::cast);
    }

    private static ProcessMetadata metadata(Processor.DeployedProcess process) {
        return ProcessMetadata.newBuilder().setBpmnProcessId(process.bpmnProcessId()).setVersion(process.version())
                .setProcessDefinitionKey(process.processDefinitionKey()).setResourceName(process.resourceName())
                .setTenantId(TENANT).build();
    }

    @Override
    public void createProcessInstance(CreateProcessInstanceRequest request,
            StreamObserver<CreateProcessInstanceResponse> response) {
        if (request.getStartInstructionsCount() > 0 || request.getRuntimeInstructionsCount() > 0) {
            response.onError(Status.UNIMPLEMENTED.withDescription("The local engine starts instances at their none"
                    + " start event only: start instructions are not supported").asRuntimeException());
            return;
        }
        reply(engine.submit(create(request)), response, result -> {
            Processor.CreatedInstance created = (Processor.CreatedInstance) result;
            return CreateProcessInstanceResponse.newBuilder().setProcessInstanceKey(created.processInstanceKey())
                    .setProcessDefinitionKey(created.processDefinitionKey()).setBpmnProcessId(created.bpmnProcessId())
                    .setVersion(created.version()).setTenantId(TENANT).build();
        });
    }

    @Override
    public void createProcessInstanceWithResult(CreateProcessInstanceWithResultRequest request,
            StreamObserver<CreateProcessInstanceWithResultResponse> response) {
        List<String> fetch = request.getFetchVariablesList();
        reply(engine.createWithResult(create(request.getRequest())), response, result -> {
            Processor.EndedInstance ended = (Processor.EndedInstance) result;
            Map<String, Object> variables = ended.variables();
            if (!fetch.isEmpty()) {
                variables = new java.util.LinkedHashMap<>(variables);
                variables.keySet().retainAll(fetch);
            }
            return CreateProcessInstanceWithResultResponse.newBuilder()
                    .setProcessInstanceKey(ended.processInstanceKey())
                    .setProcessDefinitionKey(ended.processDefinitionKey()).setBpmnProcessId(ended.bpmnProcessId())
                    .setVersion(ended.version()).setVariables(JSON.writeValueAsString(variables)).setTenantId(TENANT)
                    .build();
        });
    }

    private static Command.CreateInstance create(CreateProcessInstanceRequest request) {
        return new Command.CreateInstance(request.getBpmnProcessId(), request.getVersion(),
                request.getProcessDefinitionKey(), request.getVariables());
    }

    @Override
    public void cancelProcessInstance(CancelProcessInstanceRequest request,
            StreamObserver<CancelProcessInstanceResponse> response) {
        reply(engine.submit(new Command.CancelInstance(request.getProcessInstanceKey())), response,
                result -> CancelProcessInstanceResponse.getDefaultInstance());
    }

    @Override
    public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> response) {
        Command.PublishMessage publish = new Command.PublishMessage(request.getName(), request.getCorrelationKey(),
                request.getTimeToLive(), request.getMessageId(), request.getVariables());
        reply(engine.submit(publish), response, result -> PublishMessageResponse.newBuilder()
                .setKey(((Processor.PublishedMessage) result).key()).setTenantId(TENANT).build());
    }

    @Override
    public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> response) {
        Command.ActivateJobs activate = new Command.ActivateJobs(request.getType(), request.getWorker(),
                request.getTimeout(), request.getMaxJobsToActivate(), List.copyOf(request.getFetchVariableList()));
        reply(engine.activateJobs(activate, request.getRequestTimeout()), response, result -> {
            ActivateJobsResponse.Builder builder = ActivateJobsResponse.newBuilder();
            for (Object job : (List<?>) result) {
                builder.addJobs(job((Processor.ActivatedJob) job));
            }
            return builder.build();
        });
    }

    @Override
    public void streamActivatedJobs(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> response) {
        ServerCallStreamObserver<ActivatedJob> stream = (ServerCallStreamObserver<ActivatedJob>) response;
        EngineLoop.JobStream jobStream = new EngineLoop.JobStream(request.getType(), request.getWorker(),
                request.getTimeout(), List.copyOf(request.getFetchVariableList()), job -> {
                    synchronized (stream) {
                        if (stream.isCancelled()) {
                            return false;
                        }
                        stream.onNext(job(job));
                        return true;
                    }
                }, () -> !stream.isCancelled());
        stream.setOnCancelHandler(() -> engine.closeStream(jobStream));
        engine.openStream(jobStream);
    }

    private static ActivatedJob job(Processor.ActivatedJob job) {
        return ActivatedJob.newBuilder().setKey(job.key()).setType(job.type())
                .setProcessInstanceKey(job.processInstanceKey()).setBpmnProcessId(job.bpmnProcessId())
                .setProcessDefinitionVersion(job.version()).setProcessDefinitionKey(job.processDefinitionKey())
                .setElementId(job.elementId()).setElementInstanceKey(job.elementInstanceKey())
                .setCustomHeaders(JSON.writeValueAsString(job.customHeaders())).setWorker(job.worker())
                .setRetries(job.retries()).setDeadline(job.deadline()).setVariables(job.variables())
                .setTenantId(TENANT).build();
    }

    @Override
    public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> response) {
        if (request.hasResult()) {
            response.onError(Status.UNIMPLEMENTED.withDescription("The local engine has no user task listeners:"
                    + " a job result is not supported").asRuntimeException());
            return;
        }
        reply(engine.submit(new Command.CompleteJob(request.getJobKey(), request.getVariables())), response,
                result -> CompleteJobResponse.getDefaultInstance());
    }

    @Override
    public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> response) {
        reply(engine.submit(new Command.FailJob(request.getJobKey(), request.getRetries(), request.getErrorMessage(),
                request.getRetryBackOff(), request.getVariables())), response,
                result -> FailJobResponse.getDefaultInstance());
    }

    @Override
    public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> response) {
        reply(engine.submit(new Command.ThrowError(request.getJobKey(), request.getErrorCode(),
                request.getErrorMessage(), request.getVariables())), response,
                result -> ThrowErrorResponse.getDefaultInstance());
    }

    @Override
    public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> response) {
        reply(engine.submit(new Command.UpdateJobRetries(request.getJobKey(), request.getRetries())), response,
                result -> UpdateJobRetriesResponse.getDefaultInstance());
    }

    @Override
    public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> response) {
        reply(engine.submit(new Command.UpdateJobTimeout(request.getJobKey(), request.getTimeout())), response,
                result -> UpdateJobTimeoutResponse.getDefaultInstance());
    }

    @Override
    public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> response) {
        reply(engine.submit(new Command.SetVariables(request.getElementInstanceKey(), request.getVariables(),
                request.getLocal())), response, result -> SetVariablesResponse.getDefaultInstance());
    }

    @Override
    public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> response) {
        reply(engine.submit(new Command.ResolveIncident(request.getIncidentKey())), response,
                result -> ResolveIncidentResponse.getDefaultInstance());
    }

    private static <R, T> void reply(CompletableFuture<R> future, StreamObserver<T> response,
            Function<? super R, T> answer) {
        future.whenComplete((result, failure) -> {
            if (failure == null) {
                T message;
                try {
                    message = answer.apply(result);
                } catch (RuntimeException e) {
                    response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                    return;
                }
                response.onNext(message);
                response.onCompleted();
            } else {
                response.onError(status(failure));
            }
        });
    }

    private static StatusRuntimeException status(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof Rejection rejection) {
            Status status = switch (rejection.reason()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            };
            return status.withDescription(rejection.getMessage()).asRuntimeException();
        }
        if (cause instanceof IllegalStateException && "The engine is shut down".equals(cause.getMessage())) {
            return Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(String.valueOf(cause)).asRuntimeException();
    }
}

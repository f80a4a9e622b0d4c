package io.concertsale.engine.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.concertsale.engine.EngineClock;
import io.concertsale.engine.grpc.GatewayService;
import io.concertsale.engine.runtime.Command;
import io.concertsale.engine.runtime.EngineLoop;
import io.concertsale.engine.runtime.Processor;
import io.concertsale.engine.runtime.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of Camunda 8's REST API (the orchestration cluster's {@code /v2}) that deploying from Camunda Modeler and
 * starting an instance from it use: {@code GET /v2/topology}, {@code POST /v2/deployments} (multipart, parts named
 * {@code resources}), {@code POST /v2/process-instances} (with {@code awaitCompletion}) and
 * {@code POST /v2/process-instances/{key}/cancellation}. Keys are strings, errors are {@code application/problem+json}
 * as Camunda answers them; any other {@code /v2} path answers 501 and says that the local engine does not serve it.
 * No authentication, like the gRPC port: the REST port listens on the loopback interface in the launcher. A body
 * above {@link #MAX_BODY} is answered 413 before it is read: at once when its {@code Content-Length} says so, as soon
 * as it goes above when it is chunked.
 */
public final class RestGateway implements AutoCloseable {

    /** The largest request body taken: Camunda's default limit for a deployment. */
    static final int MAX_BODY = 4 * 1024 * 1024;
    private static final String TENANT = "<default>";
    private static final long DEFAULT_AWAIT_MILLIS = 20_000;
    private static final Pattern CANCELLATION = Pattern.compile("/v2/process-instances/([^/]+)/cancellation");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(RestGateway.class);

    private final EngineLoop engine;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Searches.Kind<?>> searches;
    private final EngineClock clock;

    private RestGateway(EngineLoop engine, HttpServer server, ExecutorService executor, SearchIndex search,
            EngineClock clock) {
        this.engine = engine;
        this.server = server;
        this.executor = executor;
        this.searches = search == null ? Map.of() : Searches.all(search);
        this.clock = clock;
    }

    /**
     * Opens the REST port (0: a free one) on the host and serves it on two threads of its own.
     *
     * @param search the index searches read, or null: no search API
     * @param controlledClock the clock a client may pin, or null: the clock is not controlled
     */
    public static RestGateway start(EngineLoop engine, String host, int port, SearchIndex search,
            EngineClock controlledClock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("The engine's REST port " + host + ":" + port + " could not be opened", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-engine-rest");
            thread.setDaemon(true);
            return thread;
        });
        RestGateway gateway = new RestGateway(engine, server, executor, search, controlledClock);
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange);
            } catch (Problem problem) {
                answer = problem.answer(exchange.getRequestURI().getPath());
            } catch (RuntimeException e) {
                log.warn("REST {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                answer = new Problem(500, "Internal error", e.toString()).answer(exchange.getRequestURI().getPath());
            }
            answer.send(exchange);
        }
    }

    private Answer route(HttpExchange exchange) throws IOException {
        refuseDeclaredTooLarge(exchange);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Matcher cancellation = CANCELLATION.matcher(path);
        if (path.equals("/v2/topology")) {
            allow(method, "GET");
            return Answer.json(200, topology());
        } else if (path.equals("/v2/deployments")) {
            allow(method, "POST");
            return Answer.json(200, deploy(exchange));
        } else if (path.equals("/v2/process-instances")) {
            allow(method, "POST");
            return Answer.json(200, create(readJson(exchange)));
        } else if (cancellation.matches()) {
            allow(method, "POST");
            await(engine.submit(new Command.CancelInstance(key(cancellation.group(1), "processInstanceKey"))), 0);
            return Answer.noContent();
        } else if (searches.containsKey(path)) {
            allow(method, "POST");
            return Answer.json(200, Searches.search(searches.get(path), readJson(exchange)));
        } else if (path.equals("/v2/clock") || path.equals("/v2/clock/reset")) {
            return clock(exchange, path, method);
        } else if (path.startsWith("/v2/")) {
            throw new Problem(501, "Not implemented", "The local engine does not serve " + method + " " + path
                    + ": it serves GET /v2/topology, POST /v2/deployments, POST /v2/process-instances and POST"
                    + " /v2/process-instances/{key}/cancellation" + (searches.isEmpty() ? ""
                    : ", POST " + String.join(", POST ", new java.util.TreeSet<>(searches.keySet())))
                    + " (and Zeebe's gRPC API)");
        }
        throw new Problem(404, "Not found", "No such path: " + path);
    }

    /** Camunda's clock control: {@code PUT /v2/clock} pins the clock, {@code POST /v2/clock/reset} lets it run. */
    private Answer clock(HttpExchange exchange, String path, String method) throws IOException {
        if (clock == null) {
            throw new Problem(403, "Forbidden", "The engine's clock is not controlled (Camunda: ZEEBE_CLOCK_CONTROLLED;"
                    + " the local engine: EngineOptions.withClockControl, for tests)");
        }
        if (path.equals("/v2/clock")) {
            allow(method, "PUT");
            JsonNode timestamp = readJson(exchange).get("timestamp");
            if (timestamp == null || !timestamp.canConvertToLong()) {
                throw new Problem(400, "Bad request", "A clock pin needs a timestamp: epoch milliseconds");
            }
            try {
                clock.pin(timestamp.asLong());
            } catch (IllegalArgumentException e) {
                throw new Problem(400, "Bad request", e.getMessage());
            }
        } else {
            allow(method, "POST");
            clock.reset();
        }
        return Answer.noContent();
    }

    private static void allow(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new Problem(405, "Method not allowed", method + " is not allowed here, only " + allowed);
        }
    }

    private static ObjectNode topology() {
        ObjectNode topology = JSON.createObjectNode();
        ObjectNode broker = topology.putArray("brokers").addObject();
        broker.put("nodeId", 0).put("host", "localhost").put("port", 26501)
                .put("version", GatewayService.PROTOCOL_VERSION);
        broker.putArray("partitions").addObject().put("partitionId", 1).put("role", "leader")
                .put("health", "healthy");
        topology.put("clusterSize", 1).put("partitionsCount", 1).put("replicationFactor", 1)
                .put("gatewayVersion", GatewayService.PROTOCOL_VERSION).put("lastCompletedChangeId", "-1");
        return topology;
    }

    private ObjectNode deploy(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        List<Multipart.Part> parts = Multipart.parse(contentType, readBody(exchange));
        List<Command.Resource> resources = new java.util.ArrayList<>();
        for (Multipart.Part part : parts) {
            switch (part.name()) {
                case "resources" -> {
                    if (part.filename() == null || part.filename().isBlank()) {
                        throw new Problem(400, "Bad request", "A part 'resources' needs a filename: the resource's"
                                + " name");
                    }
                    resources.add(new Command.Resource(part.filename(), part.content()));
                }
                case "tenantId" -> tenant(new String(part.content(), StandardCharsets.UTF_8));
                default -> throw new Problem(400, "Bad request", "Unknown part '" + part.name()
                        + "': a deployment has parts 'resources' and optionally 'tenantId'");
            }
        }
        if (resources.isEmpty()) {
            throw new Problem(400, "Bad request", "A deployment needs at least one part 'resources'");
        }
        Processor.Deployment deployment = (Processor.Deployment) await(engine.submit(new Command.Deploy(resources)),
                0);
        ObjectNode result = JSON.createObjectNode();
        result.put("deploymentKey", String.valueOf(deployment.key())).put("tenantId", TENANT);
        var deployments = result.putArray("deployments");
        for (Processor.DeployedProcess process : deployment.processes()) {
            deployments.addObject().putObject("processDefinition")
                    .put("processDefinitionId", process.bpmnProcessId())
                    .put("processDefinitionVersion", process.version())
                    .put("resourceName", process.resourceName())
                    .put("tenantId", TENANT)
                    .put("processDefinitionKey", String.valueOf(process.processDefinitionKey()));
        }
        return result;
    }

    private ObjectNode create(JsonNode request) {
        for (String unsupported : List.of("startInstructions", "runtimeInstructions")) {
            if (request.has(unsupported) && !request.get(unsupported).isEmpty()) {
                throw new Problem(501, "Not implemented", "The local engine starts instances at their none start"
                        + " event only: " + unsupported + " are not supported");
            }
        }
        if (request.has("tenantId")) {
            tenant(request.get("tenantId").asString());
        }
        String processId = text(request, "processDefinitionId");
        String definitionKey = text(request, "processDefinitionKey");
        if ((processId == null) == (definitionKey == null)) {
            throw new Problem(400, "Bad request", "Give either processDefinitionId or processDefinitionKey");
        }
        long key = definitionKey == null ? 0 : key(definitionKey, "processDefinitionKey");
        int version = request.has("processDefinitionVersion") ? request.get("processDefinitionVersion").asInt(-1)
                : -1;
        JsonNode variables = request.get("variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            throw new Problem(400, "Bad request", "variables must be a JSON object");
        }
        String variablesJson = variables == null || variables.isNull() ? "" : JSON.writeValueAsString(variables);
        Command.CreateInstance command = new Command.CreateInstance(processId == null ? "" : processId, version, key,
                variablesJson);
        ObjectNode result = JSON.createObjectNode();
        if (request.path("awaitCompletion").asBoolean(false)) {
            long timeout = request.path("requestTimeout").asLong(0);
            Processor.EndedInstance ended = (Processor.EndedInstance) await(engine.createWithResult(command),
                    timeout > 0 ? timeout : DEFAULT_AWAIT_MILLIS);
            Map<String, Object> fetched = new LinkedHashMap<>(ended.variables());
            JsonNode fetch = request.get("fetchVariables");
            if (fetch != null && fetch.isArray() && !fetch.isEmpty()) {
                List<String> names = new java.util.ArrayList<>();
                fetch.forEach(name -> names.add(name.asString()));
                fetched.keySet().retainAll(names);
            }
            instance(result, ended.processInstanceKey(), ended.processDefinitionKey(), ended.bpmnProcessId(),
                    ended.version());
            result.set("variables", JSON.valueToTree(fetched));
        } else {
            Processor.CreatedInstance created = (Processor.CreatedInstance) await(engine.submit(command), 0);
            instance(result, created.processInstanceKey(), created.processDefinitionKey(), created.bpmnProcessId(),
                    created.version());
            result.putObject("variables");
        }
        result.putArray("tags");
        return result;
    }

    private static void instance(ObjectNode result, long instanceKey, long definitionKey, String processId,
            int version) {
        result.put("processDefinitionId", processId).put("processDefinitionVersion", version)
                .put("tenantId", TENANT).put("processDefinitionKey", String.valueOf(definitionKey))
                .put("processInstanceKey", String.valueOf(instanceKey));
    }

    private static long key(String value, String name) {
        try {
            long key = Long.parseLong(value);
            if (key > 0) {
                return key;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Problem(400, "Bad request", name + " is not a key: " + value);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : value.asString();
    }

    private static void tenant(String tenantId) {
        if (!tenantId.isBlank() && !TENANT.equals(tenantId)) {
            throw new Problem(400, "Bad request", "The local engine has one tenant, " + TENANT + ", not '" + tenantId
                    + "'");
        }
    }

    /** Waits for the engine's answer; a rejection becomes the problem Camunda answers for it. */
    private static Object await(CompletableFuture<Object> reply, long timeoutMillis) {
        try {
            return timeoutMillis > 0 ? reply.get(timeoutMillis, TimeUnit.MILLISECONDS) : reply.get();
        } catch (TimeoutException e) {
            throw new Problem(504, "Gateway timeout", "The instance did not complete within " + timeoutMillis
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(503, "Service unavailable", "Interrupted while waiting for the engine");
        } catch (ExecutionException | CompletionException e) {
            throw problem(e.getCause() == null ? e : e.getCause());
        }
    }

    private static Problem problem(Throwable cause) {
        if (cause instanceof Rejection rejection) {
            return switch (rejection.reason()) {
                case INVALID_ARGUMENT -> new Problem(400, "Bad request", rejection.getMessage());
                case NOT_FOUND -> new Problem(404, "Not found", rejection.getMessage());
                case ALREADY_EXISTS, FAILED_PRECONDITION -> new Problem(409, "Conflict", rejection.getMessage());
            };
        }
        if (cause instanceof IllegalStateException && "The engine is shut down".equals(cause.getMessage())) {
            return new Problem(503, "Service unavailable", cause.getMessage());
        }
        return new Problem(500, "Internal error", String.valueOf(cause));
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "Unsupported media type", "Send the request as application/json");
        }
        try {
            JsonNode node = JSON.readTree(readBody(exchange));
            if (node == null || !node.isObject()) {
                throw new Problem(400, "Bad request", "The request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new Problem(400, "Bad request", "The request body is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Answers 413 at once to a request whose {@code Content-Length} is above {@link #MAX_BODY}, before a byte of its
     * body is read (a chunked body is refused in {@link #readBody} as soon as it goes above). The server drains no
     * more than a little of what is left and then closes the connection.
     */
    private static void refuseDeclaredTooLarge(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw new Problem(400, "Bad request", "Content-Length is not a number: " + declared);
        }
        if (length > MAX_BODY) {
            throw tooLarge();
        }
    }

    private static Problem tooLarge() {
        return new Problem(413, "Payload too large", "A request body may hold at most " + MAX_BODY + " bytes");
    }

    /** The body, up to {@link #MAX_BODY} bytes: one more and it is refused, without reading further. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge();
            }
            return bytes;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** An answer: a status and, unless 204, a body of a media type. */
    private record Answer(int status, String mediaType, byte[] body) {

        static Answer json(int status, JsonNode body) {
            return new Answer(status, "application/json", JSON.writeValueAsBytes(body));
        }

        static Answer noContent() {
            return new Answer(204, null, null);
        }

        void send(HttpExchange exchange) throws IOException {
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", mediaType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A failed request, answered as RFC 9457 problem details the way Camunda's REST API writes them. */
    static final class Problem extends RuntimeException {

        private final int status;
        private final String title;

        Problem(int status, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.title = title;
        }

        Answer answer(String instance) {
            ObjectNode body = JSON.createObjectNode().put("type", "about:blank").put("title", title)
                    .put("status", status).put("detail", getMessage()).put("instance", instance);
            return new Answer(status, "application/problem+json", JSON.writeValueAsBytes(body));
        }
    }
}

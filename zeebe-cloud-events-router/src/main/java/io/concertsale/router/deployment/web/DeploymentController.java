package io.concertsale.router.deployment.web;

import io.concertsale.router.deployment.DeploymentHistory;
import io.concertsale.router.deployment.DeploymentRecord;
import io.concertsale.router.deployment.Deployments;
import io.concertsale.router.deployment.InvalidModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Deploys uploaded BPMN (multipart parts named {@code file}, or a raw XML body with {@code ?name=x.bpmn}) and lists
 * the deployments made through this router since it started, newest first (the engine is the source of truth).
 */
@RestController
@RequestMapping("/deployments")
class DeploymentController {

    static final String DEFAULT_NAME = "model.bpmn";

    private final Deployments deployments;
    private final DeploymentHistory history;

    DeploymentController(Deployments deployments, DeploymentHistory history) {
        this.deployments = deployments;
        this.history = history;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DeploymentRecord> upload(@RequestPart("file") List<MultipartFile> files) {
        List<Deployments.Resource> resources = new ArrayList<>();
        for (MultipartFile file : files) {
            String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                    ? DEFAULT_NAME : file.getOriginalFilename();
            try {
                resources.add(new Deployments.Resource(name, file.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the uploaded part " + name, e);
            }
        }
        return created(deployments.deployUploaded(resources));
    }

    @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<DeploymentRecord> raw(@RequestBody(required = false) byte[] body,
            @RequestParam(name = "name", defaultValue = DEFAULT_NAME) String name) {
        if (body == null || body.length == 0) {
            throw new InvalidModelException("The request has no body: send the BPMN XML", null);
        }
        return created(deployments.deployUploaded(List.of(new Deployments.Resource(name, body))));
    }

    @GetMapping
    List<DeploymentRecord> all() {
        return history.all();
    }

    @GetMapping("/{deploymentKey}")
    DeploymentRecord one(@PathVariable long deploymentKey) {
        return history.find(deploymentKey).orElseThrow(() -> new ResponseStatusException(
                org.springframework.http.HttpStatus.NOT_FOUND, "No deployment " + deploymentKey
                        + " was made through this router since it started"));
    }

    private static ResponseEntity<DeploymentRecord> created(DeploymentRecord record) {
        return ResponseEntity.created(URI.create("/deployments/" + record.deploymentKey())).body(record);
    }
}

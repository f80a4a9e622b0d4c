package io.concertsale.loadtest.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reads the request's body, discards it and answers 202: the least a service can do with a request. */
@RestController
class EmptyEndpoint {

    static final String PATH = "/empty";

    @PostMapping(PATH)
    ResponseEntity<Void> discard(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
        return ResponseEntity.accepted().build();
    }
}

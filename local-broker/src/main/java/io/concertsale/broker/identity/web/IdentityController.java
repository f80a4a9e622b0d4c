package io.concertsale.broker.identity.web;

import io.concertsale.broker.identity.TokenIssuer;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The broker as OIDC issuer, public (no credential), at the paths of the Kubernetes API server's service-account
 * issuer: the discovery document and the JWK set its tokens verify against.
 */
@RestController
class IdentityController {

    private final TokenIssuer issuer;

    IdentityController(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> openidConfiguration() {
        return issuer.openidConfiguration();
    }

    @GetMapping(path = "/openid/v1/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return issuer.jwks();
    }
}

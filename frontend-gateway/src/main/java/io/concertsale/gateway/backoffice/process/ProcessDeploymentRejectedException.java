package io.concertsale.gateway.backoffice.process;

/**
 * The router refused a deployment: the status it answered (404 unknown model, 400 invalid model, 502 Triggers not
 * made) and its problem's detail, passed on to the backoffice unchanged.
 */
public class ProcessDeploymentRejectedException extends RuntimeException {

    private final int status;

    public ProcessDeploymentRejectedException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

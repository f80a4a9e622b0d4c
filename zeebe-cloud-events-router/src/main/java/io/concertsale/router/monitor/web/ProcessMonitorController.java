package io.concertsale.router.monitor.web;

import io.concertsale.router.monitor.ProcessMonitor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /statistics}: where the instances of the process definitions deployed through the router are. */
@RestController
class ProcessMonitorController {

    private final ProcessMonitor monitor;

    ProcessMonitorController(ProcessMonitor monitor) {
        this.monitor = monitor;
    }

    @GetMapping("/statistics")
    ProcessMonitor.Snapshot statistics() {
        return monitor.snapshot();
    }
}

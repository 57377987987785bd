package dev.switchboard.upstream;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Maps exceptions from the HTTP client (no status received) to failures the pool understands. */
final class TransportFailures {
    private TransportFailures() {}

    static GatewayException classify(Throwable t, String provider) {
        if (t instanceof GatewayException g) return g;
        String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
            return UpstreamFailure.of(FailureClass.TIMEOUT, ErrorKind.TIMEOUT,
                    provider + " upstream timed out (" + detail + ")");
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException) {
            return UpstreamFailure.of(FailureClass.CONNECTION, ErrorKind.UPSTREAM,
                    provider + " upstream unreachable (" + detail + ")");
        }
        if (t instanceof SSLException) {
            return UpstreamFailure.of(FailureClass.CONNECTION, ErrorKind.UPSTREAM,
                    provider + " upstream TLS failure (" + detail + ")");
        }
        return UpstreamFailure.of(FailureClass.CONNECTION, ErrorKind.UPSTREAM,
                provider + " upstream connection failed (" + detail + ")");
    }
}

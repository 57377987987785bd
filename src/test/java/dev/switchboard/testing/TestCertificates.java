package dev.switchboard.testing;

import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made for one test run with the JDK's own keytool (nothing secret is checked
 * in): a PKCS#12 key store for the fake server and the certificate as PEM, the file a client is told to trust.
 */
public record TestCertificates(Path keyStore, Path pem) {
    private static final String PASSWORD = "test-only";

    /** A certificate for {@code dnsName}, valid for that name only (not for 127.0.0.1). */
    public static TestCertificates create(Path dir, String dnsName) {
        Path store = dir.resolve(dnsName + ".p12");
        Path pem = dir.resolve(dnsName + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new TestCertificates(store, pem);
    }

    public KeyCertOptions serverOptions() {
        return new PfxOptions().setPath(keyStore.toString()).setPassword(PASSWORD);
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed: " + out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.switchboard.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA file: certificate authorities (PEM, one or several) that TLS connections trust in addition to the
 * system's. {@code upstream.ca_file} for OpenAI-compatible servers behind a private CA or a TLS-inspecting proxy,
 * {@code state.ca_file} for a {@code rediss://} Redis. Read and checked when the configuration loads, so a wrong
 * path stops start-up with the setting's name.
 */
final class CaCertificates {
    private CaCertificates() {}

    static List<X509Certificate> read(String file, String where) {
        Path p = PemFiles.existing(file, where);
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) out.add(x);
            }
        } catch (CertificateException e) {
            throw new ConfigException(where, "not PEM or DER certificates: " + file + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException(where, "could not be read: " + file + " (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) throw new ConfigException(where, "no certificate in " + file);
        return List.copyOf(out);
    }
}

package dev.switchboard.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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

    static List<X509Certificate> read(PemFiles.Named f) {
        return parse(PemFiles.read(f), f);
    }

    /** The certificates in {@code text}, the contents of {@code f} as {@link PemFiles#read} returns them. */
    static List<X509Certificate> parse(String text, PemFiles.Named f) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) out.add(x);
            }
        } catch (CertificateException e) {
            throw new ConfigException(f.where(), "not PEM or DER certificates: " + f.file() + " (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) throw new ConfigException(f.where(), "no certificate in " + f.file());
        return List.copyOf(out);
    }
}

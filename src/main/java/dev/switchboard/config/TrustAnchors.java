package dev.switchboard.config;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust for TLS when a CA file adds authorities ({@code upstream.ca_file} for providers, {@code state.ca_file}
 * for Redis): the JDK's default trust anchors plus the configured ones, in one PKIX trust manager (so certificate
 * path and host name checks stay the JDK's). Without extra authorities a client keeps the JDK's default trust.
 */
public final class TrustAnchors {
    private TrustAnchors() {}

    public static TrustManagerFactory withExtra(List<X509Certificate> extra) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate c : systemAnchors()) anchors.setCertificateEntry("system-" + n++, c);
            for (X509Certificate c : extra) anchors.setCertificateEntry("configured-" + n++, c);
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(anchors);
            return f;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> systemAnchors() throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        for (TrustManager m : system.getTrustManagers()) {
            if (m instanceof X509TrustManager x) return List.of(x.getAcceptedIssuers());
        }
        return List.of();
    }
}

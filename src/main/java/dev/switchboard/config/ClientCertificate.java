package dev.switchboard.config;

/**
 * A TLS client certificate and its private key, as the PEM text of the files named when the configuration
 * loaded ({@code state.client_cert_file} and {@code state.client_key_file}, the key decrypted with
 * {@code state.client_key_password} when it was encrypted): for a Redis that asks clients for a certificate.
 * {@code where} names the settings, for errors. The key never appears in {@link #toString()}.
 */
public record ClientCertificate(String certificatePem, String privateKeyPem, String where) {
    @Override
    public String toString() {
        return "ClientCertificate[" + where + ", private key hidden]";
    }
}

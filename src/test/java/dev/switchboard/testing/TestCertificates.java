package dev.switchboard.testing;

import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
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
        return create(dir, dnsName, "dns:" + dnsName);
    }

    /** A certificate for the IP address {@code ip} (an IP subject alternative name), valid for no host name. */
    public static TestCertificates forAddress(Path dir, String ip) {
        return create(dir, ip, "ip:" + ip);
    }

    private static TestCertificates create(Path dir, String name, String subjectAltName) {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=" + subjectAltName, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new TestCertificates(store, pem);
    }

    /**
     * The private key as an unencrypted PKCS#8 PEM file next to the key store, for servers that read PEM files
     * (redis-server's {@code --tls-key-file}).
     */
    public Path privateKeyPem() {
        return writeKey("-key.pem", "PRIVATE KEY", key().getEncoded());
    }

    /**
     * The private key encrypted with {@code password} as PKCS#8 PEM ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----},
     * PBES2 with PBKDF2-HMAC-SHA256 and AES-256), the form {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes.
     */
    public Path encryptedPrivateKeyPem(String password) {
        try {
            String alg = "PBEWithHmacSHA256AndAES_256";
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            java.security.SecureRandom random = new java.security.SecureRandom();
            random.nextBytes(salt);
            random.nextBytes(iv);
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(alg);
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE,
                    javax.crypto.SecretKeyFactory.getInstance(alg).generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray())),
                    new javax.crypto.spec.PBEParameterSpec(salt, 10_000, new javax.crypto.spec.IvParameterSpec(iv)));
            byte[] encrypted = cipher.doFinal(key().getEncoded());
            // the parameters under their standard name (PBES2), which EncryptedPrivateKeyInfo can encode
            java.security.AlgorithmParameters pbes2 = java.security.AlgorithmParameters.getInstance("PBES2");
            pbes2.init(cipher.getParameters().getEncoded());
            return writeKey("-key-encrypted.pem", "ENCRYPTED PRIVATE KEY",
                    new javax.crypto.EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the test key: " + e.getMessage(), e);
        }
    }

    private Key key() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return ks.getKey("server", PASSWORD.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test key: " + e.getMessage(), e);
        }
    }

    private Path writeKey(String suffix, String label, byte[] der) {
        Path out = keyStore.resolveSibling(keyStore.getFileName().toString().replace(".p12", suffix));
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        try {
            Files.writeString(out, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
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

package dev.switchboard.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Private keys protected by a password, in the form {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} (and most tools)
 * write: PKCS#8 {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}, PBES2 with PBKDF2 and AES. The JDK decrypts them;
 * the key is kept decrypted in memory only.
 */
final class PrivateKeys {
    private static final String ENCRYPTED_BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final String ENCRYPTED_END = "-----END ENCRYPTED PRIVATE KEY-----";

    private PrivateKeys() {}

    /**
     * {@code pem} as an unencrypted PKCS#8 PEM key: decrypted with {@code password} when it is encrypted. A
     * password for a key that is not encrypted, an encrypted key without one, a wrong one, or OpenSSL's older
     * encrypted form ({@code Proc-Type: 4,ENCRYPTED}) stop start-up naming the settings ({@code keyWhere},
     * {@code passwordWhere}); neither the key nor the password is ever part of the message.
     */
    static String decrypted(String pem, Optional<String> password, String keyWhere, String passwordWhere) {
        if (pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new ConfigException(keyWhere, "encrypted in OpenSSL's traditional form, which is not read; convert it "
                    + "with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem");
        }
        int begin = pem.indexOf(ENCRYPTED_BEGIN);
        if (begin < 0) {
            if (password.isPresent()) {
                throw new ConfigException(passwordWhere, "set, but the key in " + keyWhere + " is not encrypted");
            }
            return pem;
        }
        if (password.isEmpty()) {
            throw new ConfigException(keyWhere, "the key is encrypted: give its password in " + passwordWhere);
        }
        int end = pem.indexOf(ENCRYPTED_END, begin);
        if (end < 0) throw new ConfigException(keyWhere, "the encrypted key has no " + ENCRYPTED_END + " line");
        char[] chars = password.get().toCharArray();
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + ENCRYPTED_BEGIN.length(), end));
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            SecretKeyFactory factory = SecretKeyFactory.getInstance(info.getAlgName());
            PKCS8EncodedKeySpec spec = info.getKeySpec(factory.generateSecret(new PBEKeySpec(chars)));
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spec.getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new ConfigException(keyWhere, "the encrypted key is not valid PEM/PKCS#8");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(passwordWhere, "cannot decrypt the key in " + keyWhere
                    + " (wrong password, or an encryption the JDK does not know)");
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }
}

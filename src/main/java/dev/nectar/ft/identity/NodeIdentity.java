package dev.nectar.ft.identity;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Home;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * This node's key pair (ECDSA P-256, which BoringSSL can use for TLS) and the self-signed certificate that
 * carries its public key to other nodes.
 */
public record NodeIdentity(PrivateKey privateKey, X509Certificate certificate, NodeId nodeId) {
    private static final Duration VALIDITY = Duration.ofDays(365L * 30);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** Makes a new key pair and certificate in memory. */
    public static NodeIdentity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            NodeId id = NodeId.of(keys.getPublic());
            X500Name subject = new X500Name("CN=ft-" + id.value());
            Instant now = Instant.now();
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    keys.getPublic())
                    .build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new NodeIdentity(keys.getPrivate(), certificate, id);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make an ECDSA P-256 identity: " + e.getMessage(), e);
        }
    }

    /** Writes the key (mode 0600) and certificate; refuses to replace an existing identity. */
    public void saveNew(Home home) throws IOException {
        AtomicFile.create(home.privateKey(), pem(new JcaPKCS8Generator(privateKey, null)), true);
        AtomicFile.write(home.certificate(), pem(certificate));
    }

    /**
     * Reads the key and certificate of {@code home}; a file cut short, of another kind, or a certificate made for
     * another key is refused with what is wrong, so that a node never starts with an identity the TLS handshake would
     * reject in words nobody can act on.
     */
    public static NodeIdentity load(Home home) throws IOException {
        Object keyObject = readPem(home, home.privateKey());
        Object certificateObject = readPem(home, home.certificate());
        if (!(keyObject instanceof PrivateKeyInfo keyInfo)) {
            throw unreadable(home, home.privateKey().getFileName() + " holds no PKCS#8 private key", null);
        }
        if (!(certificateObject instanceof X509CertificateHolder holder)) {
            throw unreadable(home, home.certificate().getFileName() + " holds no X.509 certificate", null);
        }
        try {
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(keyInfo);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            if (!belongTogether(key, certificate)) {
                throw unreadable(home, home.certificate().getFileName() + " was made for another key than " + home.privateKey().getFileName(), null);
            }
            return new NodeIdentity(key, certificate, NodeId.of(certificate.getPublicKey()));
        } catch (GeneralSecurityException | PEMException e) {
            throw unreadable(home, e.getMessage(), e);
        }
    }

    private static Object readPem(Home home, Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            return parser.readObject();
        } catch (IOException e) {
            throw unreadable(home, file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static IOException unreadable(Home home, String why, Exception cause) {
        return new IOException("cannot read the identity in " + home + ": " + why, cause);
    }

    /** Whether the certificate's public key verifies what the private key signs. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        byte[] probe = "ft identity".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

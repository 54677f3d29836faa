package dev.nectar.ft.identity;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Home;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
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
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
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

    public static NodeIdentity load(Home home) throws IOException {
        try (PEMParser keyParser = new PEMParser(new StringReader(Files.readString(home.privateKey())));
             PEMParser certificateParser = new PEMParser(new StringReader(Files.readString(home.certificate())))) {
            Object keyObject = keyParser.readObject();
            Object certificateObject = certificateParser.readObject();
            if (!(keyObject instanceof PrivateKeyInfo keyInfo)) {
                throw new IOException(home.privateKey() + " holds no PKCS#8 private key");
            }
            if (!(certificateObject instanceof X509CertificateHolder holder)) {
                throw new IOException(home.certificate() + " holds no X.509 certificate");
            }
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(keyInfo);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new NodeIdentity(key, certificate, NodeId.of(certificate.getPublicKey()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the identity in " + home + ": " + e.getMessage(), e);
        }
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

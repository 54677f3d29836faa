package dev.nectar.ft.net;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts any well-formed, currently valid, self-signed ECDSA certificate. Trust in a node comes afterwards,
 * from its node id (the hash of the key in the certificate), which the link checks once TLS is up.
 */
final class WellFormedCertificateTrustManagerFactory extends SimpleTrustManagerFactory {
    private static final X509TrustManager TRUST_MANAGER = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    static void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length != 1) {
            throw new CertificateException("a node presents exactly one self-signed certificate");
        }
        X509Certificate certificate = chain[0];
        certificate.checkValidity();
        if (!"EC".equals(certificate.getPublicKey().getAlgorithm())) {
            throw new CertificateException("a node key is ECDSA, not " + certificate.getPublicKey().getAlgorithm());
        }
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the certificate is not signed by its own key", e);
        }
    }

    @Override
    protected void engineInit(KeyStore keyStore) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {TRUST_MANAGER};
    }
}

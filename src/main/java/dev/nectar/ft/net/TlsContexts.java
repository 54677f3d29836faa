package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeIdentity;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TLS 1.3 with mutual authentication, on BoringSSL where it loads and the JDK's engine otherwise. */
final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final String TLS_1_3 = "TLSv1.3";

    private final SslContext server;
    private final SslContext client;

    TlsContexts(NodeIdentity identity) throws SSLException {
        SslProvider provider = provider();
        // Cached: BoringSSL then takes the key and certificate in once, not at every handshake.
        KeyManagerFactory keys = new OpenSslCachingX509KeyManagerFactory(new KeyManagerFactoryWrapper(new IdentityKeyManager(identity)));
        server = SslContextBuilder.forServer(keys)
                .sslProvider(provider)
                .protocols(TLS_1_3)
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(new WellFormedCertificateTrustManagerFactory())
                .build();
        client = SslContextBuilder.forClient()
                .keyManager(keys)
                .sslProvider(provider)
                .protocols(TLS_1_3)
                .trustManager(new WellFormedCertificateTrustManagerFactory())
                // Nodes are named by node id, not host name: the link checks the id once TLS is up.
                .endpointIdentificationAlgorithm(null)
                .build();
    }

    SslContext server() {
        return server;
    }

    SslContext client() {
        return client;
    }

    private static SslProvider provider() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        LOG.warn("BoringSSL did not load ({}); links use the slower JDK TLS engine", OpenSsl.unavailabilityCause().toString());
        return SslProvider.JDK;
    }
}

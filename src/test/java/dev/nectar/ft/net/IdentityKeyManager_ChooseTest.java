package dev.nectar.ft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.identity.NodeIdentity;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The node's key and certificate are offered for its key's type and no other, under one alias, on both ends. */
class IdentityKeyManager_ChooseTest {
    private final NodeIdentity identity = NodeIdentity.generate();
    private final IdentityKeyManager keys = new IdentityKeyManager(identity);

    @Test
    void offersTheNodeKeyForEcdsa() {
        String server = keys.chooseEngineServerAlias("EC", null, null);
        String client = keys.chooseEngineClientAlias(new String[] {"RSA", "EC_EC"}, null, null);
        assertThat(server).isNotNull().isEqualTo(client);
        assertThat(keys.getPrivateKey(server)).isEqualTo(identity.privateKey());
        assertThat(keys.getCertificateChain(server)).containsExactly(identity.certificate());
        assertThat(keys.getServerAliases("EC", null)).containsExactly(server);
    }

    @Test
    void offersNothingForOtherKeyTypesOrAliases() {
        assertThat(keys.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(keys.chooseEngineClientAlias(new String[] {"RSA", "DSA"}, null, null)).isNull();
        assertThat(keys.chooseClientAlias(null, null, null)).isNull();
        assertThat(keys.getClientAliases("ECDH_RSA", null)).isNull();
        assertThat(keys.getPrivateKey("other")).isNull();
        assertThat(keys.getCertificateChain("other")).isNull();
    }

    @Test
    void aChangedChainLeavesTheNodesOwnAsItWas() {
        String alias = keys.chooseEngineServerAlias("EC", null, null);
        X509Certificate[] handedOut = keys.getCertificateChain(alias);
        handedOut[0] = null;
        assertThat(keys.getCertificateChain(alias)).containsExactly(identity.certificate());
    }
}

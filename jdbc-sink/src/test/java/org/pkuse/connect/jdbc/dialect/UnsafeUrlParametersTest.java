package org.pkuse.connect.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pkuse.connect.jdbc.JdbcSinkConfig;

/** Connection strings that would read files or load classes in the worker are refused, with the parameter named. */
class UnsafeUrlParametersTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://db:3306/x?allowLoadLocalInfile=true",
        "jdbc:mysql://db:3306/x?useSSL=false&allowUrlInLocalInfile=true",
        "jdbc:mysql://db:3306/x?autoDeserialize=true",
        "jdbc:mysql://(host=db,port=3306,queryInterceptors=evil.Interceptor)/x",
        "jdbc:mysql://address=(host=db)(socketFactory=evil.Factory)/x",
        "jdbc:mysql://db/x?allowLoad%4cocalInfile=true",
        "jdbc:mariadb://db/x?allowLocalInfile",
        "jdbc:mariadb://db/x?ALLOWLOCALINFILE=true",
        "jdbc:mariadb://db/x?credentialType=ENV",
        "jdbc:postgresql://db/x?socketFactory=evil.Factory&socketFactoryArg=/etc/passwd",
        "jdbc:postgresql://db/x?sslfactory=org.postgresql.ssl.SingleCertValidatingFactory&sslfactoryarg=file:/etc/x",
        "jdbc:postgresql://db/x?loggerFile=/tmp/evil.jsp&loggerLevel=DEBUG",
        "jdbc:postgresql://db/x?xmlFactoryFactory=LEGACY_INSECURE",
        "jdbc:postgresql://db/x?authenticationPluginClassName=evil.Plugin",
    })
    void unsafeParametersAreFound(String url) {
        assertThat(UnsafeUrlParameters.in(url)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://db1:3306/test03?autoReconnect=true&useUnicode=true&characterEncoding=utf-8&useSSL=false",
        "jdbc:mysql://db1:3306,db2:3306/test03?rewriteBatchedStatements=true",
        "jdbc:mariadb://db/x?sslMode=verify-full&serverSslCert=/etc/ssl/ca.pem",
        "jdbc:postgresql://db/x?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem&currentSchema=etl",
    })
    void ordinaryUrlsPass(String url) {
        assertThat(UnsafeUrlParameters.in(url)).isEmpty();
    }

    @Test
    void theConfigNamesTheParameterAndNeverEchoesThePassword() {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:mysql://db/x?password=Zq7-s3cr3t&allowLoadLocalInfile=true");
        assertThatThrownBy(() -> new JdbcSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection.url must not set allowLoadLocalInfile")
                .hasMessageNotContaining("Zq7-s3cr3t");
        props.put("connection.url", "jdbc:oracle:thin:@db?password=Zq7-s3cr3t");
        assertThatThrownBy(() -> new JdbcSinkConfig(props)).hasMessageNotContaining("Zq7-s3cr3t")
                .hasMessageContaining("must start with one of");
    }

    @Test
    void theProvidersTogetherBlockWhatTheSinkAlwaysBlocked() {
        assertThat(UnsafeUrlParameters.blocked(InstalledDialects.get())).containsExactlyInAnyOrder(
                "allowloadlocalinfile", "allowloadlocalinfileinpath", "allowurlinlocalinfile", "autodeserialize",
                "socketfactory", "queryinterceptors", "statementinterceptors", "connectionlifecycleinterceptors",
                "exceptioninterceptors", "propertiestransform", "logger", "profilereventhandler", "clientinfoprovider",
                "authenticationplugins", "defaultauthenticationplugin", "authenticationwebauthncallbackhandler",
                "authenticationopenidconnectcallbackhandler", "loadbalanceexceptionchecker", "ha.loadbalancestrategy",
                "haloadbalancestrategy", "serverconfigcachefactory", "queryinfocachefactory", "parseinfocachefactory",
                "loadbalancesqlexceptionsubclassfailover", "idtokenfile", "ociconfigfile", "namedpipepath",
                "allowlocalinfile", "credentialtype", "pipe",
                "socketfactoryarg", "sslfactory", "sslfactoryarg", "sslhostnameverifier", "sslpasswordcallback",
                "authenticationpluginclassname", "xmlfactoryfactory", "connectexecutor", "connectexecutorarg",
                "classloaderstrategy", "loggerfile", "loggerlevel", "service");
    }

    @Test
    void operatorsExtendTheListWithASystemProperty() {
        String url = "jdbc:mysql://db/x?trustCertificateKeyStoreUrl=file:/etc/passwd";
        assertThat(UnsafeUrlParameters.in(url)).isEmpty();
        System.setProperty(UnsafeUrlParameters.EXTRA_PROPERTY, " trustCertificateKeyStoreUrl ,clientCertificateKeyStoreUrl");
        try {
            assertThat(UnsafeUrlParameters.in(url)).containsExactly("trustCertificateKeyStoreUrl");
        } finally {
            System.clearProperty(UnsafeUrlParameters.EXTRA_PROPERTY);
        }
    }
}

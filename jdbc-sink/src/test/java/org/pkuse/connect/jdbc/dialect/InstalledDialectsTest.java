package org.pkuse.connect.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The providers found by ServiceLoader are all the validators know: a database is added by registering one. */
class InstalledDialectsTest {

    private URLClassLoader withH2;

    /** The product's providers plus the test-only h2 one, registered in a services file of this loader only. */
    @BeforeEach
    void loadH2Provider() {
        URL services = getClass().getResource("/h2-dialect/");
        withH2 = new URLClassLoader(new URL[] {services}, getClass().getClassLoader());
    }

    @AfterEach
    void close() throws Exception {
        withH2.close();
    }

    @Test
    void theSinkKnowsItsThreeDatabasesFromTheirProviders() {
        InstalledDialects installed = InstalledDialects.get();
        assertThat(installed.names()).containsExactly("mysql", "mariadb", "postgresql");
        assertThat(installed.urlPrefixes()).containsExactlyElementsOf(installed.providers().stream()
                .flatMap(p -> p.urlPrefixes().stream()).toList());
        assertThat(installed.urlPrefixes()).containsExactly("jdbc:mysql:", "jdbc:mariadb:", "jdbc:postgresql:");
    }

    @Test
    void aRegisteredProviderMakesItsUrlsValid() {
        InstalledDialects dialects = InstalledDialects.load(withH2);
        assertThat(dialects.names()).containsExactly("mysql", "mariadb", "postgresql", "h2");
        assertThatThrownBy(() -> new JdbcUrlValidator().ensureValid("connection.url", "jdbc:h2:mem:x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must start with one of");

        JdbcUrlValidator validator = new JdbcUrlValidator(dialects);
        assertThatCode(() -> validator.ensureValid("connection.url", "jdbc:h2:mem:x")).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("connection.url", "jdbc:mysql://db/x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.ensureValid("connection.url", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'x'"))
                .hasMessageContaining("connection.url must not set INIT");
        assertThat(validator.toString()).startsWith(
                "a JDBC URL starting with jdbc:mysql:, jdbc:mariadb:, jdbc:postgresql: or jdbc:h2:, without");
        assertThat(dialects.driverFor("jdbc:h2:mem:x").driverClass()).isEqualTo("org.h2.Driver");
    }

    @Test
    void aRegisteredProviderIsAValidDialectName() {
        DialectNames names = new DialectNames(InstalledDialects.load(withH2));
        assertThatCode(() -> names.validator().ensureValid("dialect.name", "H2")).doesNotThrowAnyException();
        assertThat(names.validValues("dialect.name", Map.of())).containsExactly("mysql", "mariadb", "postgresql",
                "h2");
        assertThatThrownBy(() -> new DialectNames().validator().ensureValid("dialect.name", "h2"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void theDocumentedValidValuesStayAsTheyWere() {
        assertThat(new JdbcUrlValidator().toString()).isEqualTo("a JDBC URL starting with jdbc:mysql:, "
                + "jdbc:mariadb: or jdbc:postgresql:, without the driver parameters that read files, load classes or "
                + "deserialize (allowLoadLocalInfile, allowLocalInfile, autoDeserialize, socketFactory, "
                + "queryInterceptors, sslfactory, ...)");
        assertThat(new DialectNames().validator().toString())
                .isEqualTo("(case insensitive) [, MYSQL, MARIADB, POSTGRESQL]");
    }
}

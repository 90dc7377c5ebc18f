package org.pkuse.connect.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    private static final String SECRET = "Zq7-s3cr3t";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://db/x?user=a&password=Zq7-s3cr3t&x=1|jdbc:mysql://db/x?user=a&password=****&x=1",
        "jdbc:mysql://a:Zq7-s3cr3t@db:3306/x|jdbc:mysql://a:****@db:3306/x",
        "jdbc:mysql://(host=db,user=a,password=Zq7-s3cr3t)/x|jdbc:mysql://(host=db,user=a,password=****)/x",
        "jdbc:mysql://db/x?password1=Zq7-s3cr3t&password2=Zq7-s3cr3t&password3=Zq7-s3cr3t|"
                + "jdbc:mysql://db/x?password1=****&password2=****&password3=****",
        "jdbc:postgresql://db/x?sslpassword=Zq7-s3cr3t&ssl=true|jdbc:postgresql://db/x?sslpassword=****&ssl=true",
        "jdbc:mysql://db/x?trustStorePassword=Zq7-s3cr3t&keyStorePassword=Zq7-s3cr3t|"
                + "jdbc:mysql://db/x?trustStorePassword=****&keyStorePassword=****",
        "jdbc:mariadb://db/x?user=a&PWD=Zq7-s3cr3t|jdbc:mariadb://db/x?user=a&PWD=****",
    })
    void hidesPasswordsInUrls(String url, String expected) {
        assertThat(Redactor.redact(url)).isEqualTo(expected).doesNotContain(SECRET);
    }

    /** A URL query may carry commas and brackets unencoded, and a user-info password an '@'. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://db/x?password=Ab,cd(ef)&user=a|jdbc:mysql://db/x?password=****&user=a",
        "jdbc:mysql://db/x?password=NO)Zq7|jdbc:mysql://db/x?password=****",
        "jdbc:postgresql://db/x?password=Zq7;s3cr3t|jdbc:postgresql://db/x?password=****",
        "jdbc:mysql://a:Zq7@s3cr3t@db:3306/x|jdbc:mysql://a:****@db:3306/x",
    })
    void hidesAllOfAnOddPassword(String url, String expected) {
        assertThat(Redactor.redact(url)).isEqualTo(expected);
    }

    @Test
    void hidesQuotedPasswordsWithEscapedQuotesAndCutTexts() {
        assertThat(Redactor.redact("password=\"Zq7\\\"s3cr3t\"; next")).isEqualTo("password=\"****\"; next");
        assertThat(Redactor.redact("{\"password\":\"Zq7-s3cr3t")).doesNotContain("Zq7");
        assertThat(Redactor.redact("password: NO)Zq7-s3cr3t")).doesNotContain("Zq7");
    }

    @Test
    void hidesJaasAndJsonPasswords() {
        String jaas = "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"" + SECRET + "\";";
        assertThat(Redactor.redact(jaas)).doesNotContain(SECRET).contains("username=\"alice\"")
                .contains("password=\"****\"");
        assertThat(Redactor.redact("{\"user\":\"a\",\"password\":\"" + SECRET + "\"}"))
                .isEqualTo("{\"user\":\"a\",\"password\":\"****\"}");
        assertThat(Redactor.redact("ssl.key.password = " + SECRET + "\nnext")).isEqualTo("ssl.key.password = ****\nnext");
    }

    @Test
    void leavesOrdinaryTextAndLoginFailuresReadable() {
        String denied = "Access denied for user 'pkuse'@'localhost' (using password: YES)";
        assertThat(Redactor.redact(denied)).isEqualTo(denied);
        assertThat(Redactor.redact("jdbc:mysql://db:3306/test03?useSSL=false")).isEqualTo(
                "jdbc:mysql://db:3306/test03?useSSL=false");
        assertThat(Redactor.redact(null)).isNull();
    }

    @Test
    void describesConfigValuesWithoutSecrets() {
        String shown = Redactor.describe(Map.of("connection.password", new Password(SECRET),
                "connection.url", "jdbc:mysql://db/x?password=" + SECRET, "batch.size", 3000));
        assertThat(shown).doesNotContain(SECRET).contains("batch.size=3000").contains("connection.password=[hidden]");
    }
}

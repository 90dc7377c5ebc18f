package org.pkuse.connect.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.ProcessConnectCluster;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;

/**
 * No password reaches a worker's log, a status event or a REST answer. A real HBase → MariaDB job runs on a worker
 * JVM that logs everything at INFO (the clients' config dumps too), with a distinctive password in
 * {@code connection.password}, in the JDBC URL and in {@code pkuse.status.producer.sasl.jaas.config}; a second sink
 * fails to log in with another one; validate is called with good, wrong and unsafe configs. Then the whole worker
 * log, every status event and every REST answer except the ones that return the config as given
 * ({@code GET .../config}, {@code .../tasks}, {@code ?expand=info}) are searched for both passwords.
 * A second test runs the config-provider example of {@code config-examples/secrets/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the second test changes the test user's password
class SecretsIT {

    private static final String USER = "leak_user";
    /** Logs in at validate, then its password changes: its sink fails to log in at run time. */
    private static final String LATE_USER = "leak_late";
    private static final String PASSWORD = "Lk-7c41e9-Secret";
    private static final String WRONG = "Lk-0b2f55-Wrong";
    private static final String PROVIDED = "Lk-93d1a0-Provided";
    private static final String DATABASE = "leak_db";
    private static final String STATUS_TOPIC = "pkuse_status";
    private static final String MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"}]";
    private static final int ROWS = 50;

    private Path secrets;
    private ProcessConnectCluster connect;
    private final List<String> answers = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        secrets = Files.createTempDirectory("pkuse-secrets");
        MariaDbServer db = TestKit.mariaDb();
        db.recreateDatabase(DATABASE);
        try (Connection c = db.connect(DATABASE); Statement s = c.createStatement()) {
            for (String host : List.of("%", "127.0.0.1")) {
                for (String[] login : List.of(new String[] {USER, PASSWORD}, new String[] {LATE_USER, WRONG})) {
                    s.execute("DROP USER IF EXISTS '" + login[0] + "'@'" + host + "'");
                    s.execute("CREATE USER '" + login[0] + "'@'" + host + "' IDENTIFIED BY '" + login[1] + "'");
                    s.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + login[0] + "'@'" + host + "'");
                }
            }
        }
        HBaseCluster hbase = TestKit.hbase();
        hbase.createTable("leak:emp", "info");
        hbase.generateEmployees("leak:emp", "info", 1, ROWS, false);

        // The worker config of config-examples/secrets/, with the allowed folder where this test keeps its file.
        Properties providers = new Properties();
        try (var in = Files.newBufferedReader(ExampleConfigs.dir().resolve("secrets/worker-config-providers.properties"))) {
            providers.load(in);
        }
        ProcessConnectCluster.Builder builder = ProcessConnectCluster.builder().workers(1).everythingLogged()
                .workerEnv("PKUSE_DB_USER", USER);
        providers.forEach((k, v) -> builder.workerProp(k.toString(), v.toString()
                .replace("/etc/pkuse/secrets", secrets.toString())));
        connect = builder.start();
        connect.createTopic(STATUS_TOPIC, 1);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    @Order(1)
    void noPasswordInLogsEventsOrRestAnswers() throws Exception {
        String topic = "leak_emp";
        connect.createTopic(topic, 1);
        Map<String, String> source = source("", "leak-1");
        Map<String, String> sink = sink(topic, "leak-1", PASSWORD);
        Map<String, String> wrongLogin = sink(topic, "leak-1", WRONG);
        wrongLogin.put("connection.url", wrongLogin.get("connection.url").replace(USER, LATE_USER));
        wrongLogin.put("connection.user", LATE_USER);
        wrongLogin.put("max.retries", "0");

        validate("HBaseSourceConnector", source);
        validate("JdbcSinkConnector", sink);
        validate("JdbcSinkConnector", wrongLogin);
        Map<String, String> badPassword = new LinkedHashMap<>(sink);
        badPassword.put("connection.password", WRONG);
        badPassword.put("connection.url", sink.get("connection.url").replace(PASSWORD, WRONG));
        assertThat(validate("JdbcSinkConnector", badPassword).toString()).contains("Cannot log in");
        Map<String, String> unsafe = new LinkedHashMap<>(sink);
        unsafe.put("connection.url", sink.get("connection.url") + "&allowLoadLocalInfile=true");
        JsonNode unsafeAnswer = validate("JdbcSinkConnector", unsafe);
        assertThat(unsafeAnswer.toString()).contains("connection.url must not set allowLoadLocalInfile");

        connect.rest().createConnector("leak-source", source);
        connect.rest().createConnector("leak-sink", sink);
        connect.rest().createConnector("leak-wrong-login", wrongLogin);
        try (Connection c = TestKit.mariaDb().connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("ALTER USER '" + LATE_USER + "'@'%' IDENTIFIED BY 'changed-after-validate'");
            s.execute("ALTER USER '" + LATE_USER + "'@'127.0.0.1' IDENTIFIED BY 'changed-after-validate'");
            s.execute("KILL CONNECTION USER " + LATE_USER); // a session opened before the change goes too
        }
        List<ConsumerRecord<byte[], byte[]>> events = statusUntil(e -> e.stream().anyMatch(ev -> ev.side() == Side.SINK
                && ev.stage() == Stage.END && "leak-sink".equals(ev.connectorName())));
        assertThat(rows(DATABASE, "leak_emp")).isEqualTo(ROWS);
        JsonNode failed = connect.awaitStatus("leak-wrong-login", Duration.ofMinutes(2), "the task failed to log in",
                s -> "FAILED".equals(s.path("tasks").path(0).path("state").asText()));
        assertThat(failed.path("tasks").path(0).path("trace").asText()).isNotBlank();
        // Everything on the status topic by now, the failed login's events included.
        int seen = events.size();
        events = TopicReader.readUntil(connect.bootstrapServers(), STATUS_TOPIC, rs -> rs.size() >= seen,
                Duration.ofMinutes(1), Duration.ofSeconds(3));

        for (String name : List.of("leak-source", "leak-sink", "leak-wrong-login")) {
            remember(connect.rest().get("/connectors/" + name + "/status"));
            remember(connect.rest().get("/connectors/" + name + "/tasks/0/status"));
            remember(connect.rest().get("/connectors/" + name + "/offsets"));
        }
        remember(connect.rest().get("/connectors?expand=status"));
        remember(connect.rest().get("/connector-plugins"));

        String log = Files.readString(connect.worker(0).logFile(), StandardCharsets.UTF_8)
                + Files.readString(connect.worker(0).outFile(), StandardCharsets.UTF_8);
        assertThat(log).as("the worker logged the configs, redacted").contains("JDBC sink config:")
                .contains("password=****").contains("sasl.jaas.config = [hidden]");
        String statusTopic = events.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n"));
        for (String secret : List.of(PASSWORD, WRONG)) {
            assertThat(log).as("worker log").doesNotContain(secret);
            assertThat(statusTopic).as("status events").doesNotContain(secret);
            assertThat(String.join("\n", answers)).as("REST answers").doesNotContain(secret);
        }
        assertThat(events).isNotEmpty();
    }

    @Test
    @Order(2)
    void theConfigProviderExampleKeepsThePasswordOutOfTheConnectorConfig() throws Exception {
        MariaDbServer db = TestKit.mariaDb();
        String database = "test03";
        db.recreateDatabase(database);
        try (Connection c = db.connect(database); Statement s = c.createStatement()) {
            s.execute("ALTER USER '" + USER + "'@'%' IDENTIFIED BY '" + PROVIDED + "'");
            s.execute("ALTER USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PROVIDED + "'");
            s.execute("GRANT ALL PRIVILEGES ON " + database + ".* TO '" + USER + "'@'%'");
            s.execute("GRANT ALL PRIVILEGES ON " + database + ".* TO '" + USER + "'@'127.0.0.1'");
        }
        Files.writeString(secrets.resolve("test03.properties"), "password=" + PROVIDED + "\n");
        String topic = "p_leak_emp"; // the source's topic: <prefix><namespace>_<table>
        connect.createTopic(topic, 1);
        connect.rest().createConnector("provided-source", source("p_", "100003"));

        ObjectNode request = ExampleConfigs.localize(ExampleConfigs.read(ExampleConfigs.dir()
                        .resolve("secrets/jdbcsink_connector_001.json")),
                new ExampleConfigs.Addresses(null, 0, connect.bootstrapServers(), db.host() + ":" + db.port(), null));
        ObjectNode config = (ObjectNode) request.path("config");
        config.put("topics", topic);
        config.put("connection.password", config.path("connection.password").asText()
                .replace("/etc/pkuse/secrets", secrets.toString()));
        assertThat(connect.rest().createConnector(request).status()).isEqualTo(201);

        statusUntil(e -> e.stream().anyMatch(ev -> ev.side() == Side.SINK && ev.stage() == Stage.END
                && "100003".equals(ev.taskId())));
        assertThat(rows(database, "employee01_2021_06_17")).isEqualTo(ROWS);
        JsonNode shown = connect.rest().get("/connectors/jdbcsink_connector_001/config").body();
        assertThat(shown.path("connection.password").asText()).startsWith("${file:").endsWith(":password}");
        assertThat(shown.path("connection.user").asText()).isEqualTo("${env:PKUSE_DB_USER}");
        assertThat(shown.toString()).doesNotContain(PROVIDED);
        assertThat(Files.readString(connect.worker(0).logFile(), StandardCharsets.UTF_8)).doesNotContain(PROVIDED);
    }

    private Map<String, String> source(String topicPrefix, String job) {
        HBaseCluster hbase = TestKit.hbase();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.pkuse.connect.hbase.HBaseSourceConnector");
        c.put("tasks.max", "1");
        c.put("pkuse.hbase.ip", hbase.zkQuorum());
        c.put("pkuse.hbase.port", Integer.toString(hbase.zkPort()));
        c.put("pkuse.hbase.namespace", "leak");
        c.put("pkuse.hbase.table.name", "emp");
        c.put("pkuse.kafka.topic.prefix", topicPrefix);
        c.put("pkuse.hbase.filed.mapping", MAPPING);
        c.put("pkuse.hbase.filed.columnsKey", "id");
        c.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        c.put("pkuse.task.id", job);
        c.put("pkuse.status.producer.sasl.jaas.config", jaas());
        return c;
    }

    private Map<String, String> sink(String topic, String job, String password) {
        MariaDbServer db = TestKit.mariaDb();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.pkuse.connect.jdbc.JdbcSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("connection.url", db.mysqlUrl(DATABASE) + "&user=" + USER + "&password=" + password);
        c.put("connection.user", USER);
        c.put("connection.password", password);
        c.put("table.name.format", "leak_emp");
        c.put("auto.create", "true");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        c.put("insert.mode", "upsert");
        c.put("flush.interval.ms", "200");
        c.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        c.put("pkuse.task.id", job);
        c.put("pkuse.status.producer.sasl.jaas.config", jaas());
        return c;
    }

    private static String jaas() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                + "\" password=\"" + PASSWORD + "\";";
    }

    private JsonNode validate(String connectorClass, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        ConnectRest.Response r = connect.rest().put("/connector-plugins/" + connectorClass + "/config/validate", body);
        remember(r);
        return r.body();
    }

    private void remember(ConnectRest.Response response) {
        answers.add(String.valueOf(response.body()));
    }

    /** Every record of the status topic, read until the events satisfy {@code done}. */
    private List<ConsumerRecord<byte[], byte[]>> statusUntil(java.util.function.Predicate<List<StatusEvent>> done) {
        return TopicReader.readUntil(connect.bootstrapServers(), STATUS_TOPIC, rs -> done.test(decode(rs)),
                Duration.ofMinutes(3), Duration.ZERO);
    }

    private static List<StatusEvent> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> StatusEventCodec.fromJson(r.value())).collect(Collectors.toList());
    }

    private static long rows(String database, String table) throws Exception {
        try (Connection c = TestKit.mariaDb().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

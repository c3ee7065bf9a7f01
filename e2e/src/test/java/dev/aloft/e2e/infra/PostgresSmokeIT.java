package dev.aloft.e2e.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PostgreSQL from infra/up: role aloft logs in to its database, writes, commits, rolls back. */
class PostgresSmokeIT {

  private final InfraEnv infra = InfraEnv.load();

  @Test
  void sqlRoundTripAsTheAloftRole() throws Exception {
    String table = "smoke_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection =
        DriverManager.getConnection(
            infra.postgresJdbcUrl(), infra.postgresUser(), infra.postgresPassword())) {
      try (Statement statement = connection.createStatement();
          ResultSet who = statement.executeQuery("select current_user, current_database()")) {
        assertThat(who.next()).isTrue();
        assertThat(who.getString(1)).isEqualTo(infra.postgresUser());
        assertThat(who.getString(2)).isEqualTo("aloft");
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("create table " + table + " (id int primary key, note text not null)");
      }
      try {
        insert(connection, table, 1, "first");
        insert(connection, table, 2, "zweite – ü");

        connection.setAutoCommit(false);
        insert(connection, table, 3, "rolled back");
        connection.rollback();
        connection.setAutoCommit(true);

        assertThat(notes(connection, table)).containsExactly("first", "zweite – ü");
      } finally {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("drop table " + table);
        }
      }
    }
  }

  private static void insert(Connection connection, String table, int id, String note)
      throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("insert into " + table + " (id, note) values (?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, note);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  private static List<String> notes(Connection connection, String table) throws Exception {
    List<String> notes = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select note from " + table + " order by id")) {
      while (rows.next()) {
        notes.add(rows.getString(1));
      }
    }
    return notes;
  }
}

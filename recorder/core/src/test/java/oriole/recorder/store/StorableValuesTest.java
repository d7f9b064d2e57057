package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.HostileText;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * The database boundary, fuzzed against a real PostgreSQL: whatever text, number or JSON document comes in,
 * what {@link StorableText} and {@link StorableJson} make of it is accepted by text, numeric, an index and
 * jsonb; what needed no cleaning passes unchanged (the same instance, so the hot path copies nothing).
 */
class StorableValuesTest {

    static final int TRIES = 3000;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void anyTextIsStoredAsTextAndInAnIndexCleanedOnlyWhereItMustBe() throws Exception {
        Random random = new Random(11);
        try (Connection c = db.connect();
                PreparedStatement insert = c.prepareStatement("INSERT INTO experiments (execution_arn, sqs_message_id,"
                        + " failure_reason) VALUES (?, ?, ?) RETURNING failure_reason")) {
            for (int i = 0; i < TRIES; i++) {
                String text = HostileText.next(random, 12);
                String clean = StorableText.text(text);
                insert.setString(1, "fuzz-" + i);
                insert.setString(2, StorableText.indexed(text));
                insert.setString(3, clean);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).as("stored exactly as cleaned: %s", escaped(text)).isEqualTo(clean);
                }
                assertThat(clean.length()).as("one character for one").isEqualTo(text.length());
                if (!text.contains("\u0000") && !hasUnpairedSurrogate(text)) {
                    assertThat(clean).as("nothing to clean: same instance").isSameAs(text);
                }
            }
            oriole.recorder.testing.Rows.execute(c, "DELETE FROM experiments WHERE execution_arn LIKE 'fuzz-%'");
        }
    }

    @Test
    void aTextTooLongForItsIndexIsStoredAsNull() throws Exception {
        String random10k = new Random(3).ints(10_000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        assertThat(StorableText.indexed(random10k)).isNull();
        assertThat(StorableText.indexed("é".repeat(StorableText.MAX_INDEXED_BYTES / 2))).isNotNull();
        assertThat(StorableText.indexed("é".repeat(StorableText.MAX_INDEXED_BYTES / 2 + 1))).as("bytes, not chars").isNull();
    }

    @Test
    void numbersBeyondNumericAreStoredAsNull() throws Exception {
        try (Connection c = db.connect(); PreparedStatement cast = c.prepareStatement("SELECT ?::numeric")) {
            for (String number : new String[] {"1e131071", "1e131072", "1e-16383", "1e-16384", "1e999999", "-1e999999",
                "0.7", "123456789012345678901234567890.5", "1E+400"}) {
                BigDecimal storable = StorableText.numeric(new BigDecimal(number));
                if (storable != null) {
                    cast.setBigDecimal(1, storable);
                    try (ResultSet rs = cast.executeQuery()) {
                        rs.next();
                        assertThat(rs.getBigDecimal(1)).as(number).isEqualByComparingTo(storable);
                    }
                }
                assertThat(storable == null).as(number + " beyond numeric")
                        .isEqualTo(number.equals("1e131072") || number.equals("1e-16384") || number.endsWith("e999999"));
            }
        }
    }

    @Test
    void anyJsonDocumentIsAcceptedByJsonb() throws Exception {
        Random random = new Random(17);
        try (Connection c = db.connect(); PreparedStatement cast = c.prepareStatement("SELECT ?::jsonb")) {
            for (int i = 0; i < TRIES; i++) {
                String document = randomDocument(random).toString();
                String clean = StorableJson.clean(document);
                cast.setString(1, clean);
                try (ResultSet rs = cast.executeQuery()) {
                    assertThat(rs.next()).as(escaped(document)).isTrue();
                }
                boolean hazard = clean != document;
                assertThat(clean.contains(StorableJson.CLEANED_FIELD)).as("a cleaned document says so").isEqualTo(hazard);
            }
        }
    }

    @Test
    void anEnvelopeWithoutHazardsIsStoredAsReceived() {
        for (var message : SavedEventFiles.allScenarioMessages()) {
            String body = message.body();
            boolean hazard = body.contains("\\u0000") || body.contains("\\ud83d and") || body.contains("1e999999")
                    || body.contains("\\\\u0000");
            if (!hazard) {
                assertThat(StorableJson.clean(body)).as(message.messageId()).isSameAs(body);
            }
        }
    }

    private static ObjectNode randomDocument(Random random) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        int fields = 1 + random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            String name = random.nextInt(4) == 0 ? HostileText.next(random, 3) : "f" + i;
            switch (random.nextInt(6)) {
                case 0 -> document.put(name, HostileText.next(random, 8));
                case 1 -> document.put(name, new BigDecimal(random.nextInt(2) == 0 ? "1e" + (random.nextInt(400_000) - 200_000)
                        : random.nextInt() + "." + random.nextInt(1000)));
                case 2 -> document.put(name, new java.math.BigInteger(random.nextInt(60) + 1, random));
                case 3 -> document.set(name, randomDocument(random));
                case 4 -> {
                    ArrayNode array = document.putArray(name);
                    array.add(HostileText.next(random, 4)).add(random.nextLong()).add(random.nextBoolean());
                }
                default -> document.putNull(name);
            }
        }
        return document;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(ch -> out.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", ch) : String.valueOf((char) ch)));
        return out.toString();
    }
}

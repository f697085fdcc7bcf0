package io.github.kerasinit.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.io.Utf8;
import io.github.kerasinit.text.PythonText;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON as Python Keras reads and writes it, through Jackson:
 *
 * <ul>
 *   <li>ints stay ints (Long or BigInteger) and floats stay floats (Double), because Keras distinguishes them;
 *   <li>{@code NaN}, {@code Infinity} and {@code -Infinity}, which Python's json module writes, are read; Jackson's
 *       other spellings ({@code +INF}, {@code -INF}, {@code +Infinity}) are refused, as Python refuses them;
 *   <li>duplicate keys are an error (Python keeps the last silently; a duplicate is almost always a mistake);
 *   <li>anything but whitespace after the value is an error, as Python's {@code json.loads} says "Extra data" (two
 *       files concatenated, a truncated edit);
 *   <li>nesting is limited to {@value #MAX_NESTING} levels (Python's json stops near its recursion limit, 1,000),
 *       ints to {@value #MAX_INT_DIGITS} digits (Python's limit for int strings), documents to {@value
 *       #MAX_DOCUMENT_BYTES} bytes and strings to 20,000,000 characters (Jackson's default); a float may be as long
 *       as Python reads it;
 *   <li>text is read as UTF-8 (another encoding is refused, naming it) and written as ASCII, other characters
 *       escaped as Python's {@code json.dumps} escapes them;
 *   <li>floats are written as Python's {@code repr} writes them.
 * </ul>
 */
public final class KerasJson {
  public static final int MAX_NESTING = 1000;
  /** {@code sys.get_int_max_str_digits()}: json.loads refuses a longer int ("Exceeds the limit (4300 digits)"). */
  public static final int MAX_INT_DIGITS = 4300;
  public static final long MAX_DOCUMENT_BYTES = 256L << 20;

  /** The non-finite literals ALLOW_NON_NUMERIC_NUMBERS reads beyond Python's NaN, Infinity and -Infinity. */
  private static final java.util.Set<String> NOT_PYTHON = java.util.Set.of("+INF", "-INF", "+Infinity");

  /**
   * Reading needs only jackson-core's streaming parser: databind's ObjectMapper loads and initializes about 300
   * classes more, which every model read paid at start-up (measured in a fresh JVM: reading mlp.json 104 -> 73 ms,
   * resnet50.json 130 -> 100 ms).
   */
  private static final JsonFactory READER = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING)
          .maxDocumentLength(MAX_DOCUMENT_BYTES)
          .maxNumberLength((int) MAX_DOCUMENT_BYTES) // ints are checked against MAX_INT_DIGITS as they are read
          .build())
      .build();

  private KerasJson() {}

  /** The writer, made on first use: only commands that print or save JSON load databind. */
  private static final class Writer {
    static final ObjectMapper MAPPER = createMapper();

    private static ObjectMapper createMapper() {
      SimpleModule pythonFloats = new SimpleModule();
      pythonFloats.addSerializer(Double.class, new JsonSerializer<>() {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
          gen.writeRawValue(PythonText.jsonFloat(value));
        }
      });
      return JsonMapper.builder()
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          // ASCII out, as Python's json.dumps writes it (ensure_ascii, lower-case hex): the same bytes on a terminal
          // whose charset is ASCII (LC_ALL=C) as in a UTF-8 file
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .addModule(pythonFloats)
          .build();
    }
  }

  /** Parses JSON text into Maps, Lists, Strings, Longs/BigIntegers, Doubles, Booleans and nulls. */
  public static Object parse(String json, String what) {
    if (json == null) {
      throw new KerasInitException(what + ": no JSON given");
    }
    try (JsonParser parser = READER.createParser(json)) {
      return readOneDocument(parser, what);
    } catch (StreamConstraintsException e) { // valid JSON, past a limit: not "not valid JSON"
      throw new KerasInitException(what + " is beyond what keras-init reads: " + withoutApiNames(e.getOriginalMessage())
          + location(e), e);
    } catch (JsonProcessingException e) {
      throw new KerasInitException(what + " is not valid JSON: " + withoutApiNames(e.getOriginalMessage())
          + location(e), e);
    } catch (IOException e) {
      throw new KerasInitException(what + " could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Jackson's messages name its own API, which means nothing to whoever wrote the file: the limit's getter ("(1000,
   * from `StreamReadConstraints.getMaxNestingDepth()`)"), a feature to enable ("enable
   * `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow"), a hidden source ("[Source: REDACTED (...);
   * line: 1, column: 1]"), and literals only its own option reads ("'NaN'/'+INF'/'-INF'"). The facts stay.
   */
  static String withoutApiNames(String message) {
    return message.replaceAll(", from `[A-Za-z.]+\\(\\)`\\)", ")")
        .replaceAll("[:;,]? *enable `[A-Za-z_.]+` to allow", "")
        .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
        .replaceAll("\\(or 'NaN'[^)]*\\)", "(or NaN, Infinity, -Infinity)");
  }

  /**
   * A streaming parser over the text of one of keras-init's own JSON resources, for reading a few fields of a large
   * document without building it (the other readers here make Python's values of every part of a user's file). Text,
   * not bytes: Jackson parses a String and a byte stream with two different classes, and a user's file arrives here
   * as text ({@link #parse(byte[], String)}), so one parser's code is interpreted, warmed and compiled instead of
   * two (measured at every start: 1,090 -> 1,018 methods compiled, ResNet50's table 21 ms less CPU).
   */
  public static JsonParser tokens(String resource) throws IOException {
    return READER.createParser(resource);
  }

  /** JSON bytes, which must be UTF-8 (RFC 8259, and what Keras writes): another encoding is named, not misread. */
  public static Object parse(byte[] json, String what) {
    return parse(Utf8.decode(json, what), what);
  }

  /** As {@link #parse(byte[], String)}, reading at most {@value #MAX_DOCUMENT_BYTES} bytes. */
  public static Object parse(InputStream in, String what) {
    byte[] bytes;
    try {
      bytes = in.readNBytes((int) MAX_DOCUMENT_BYTES + 1);
    } catch (IOException e) {
      throw new KerasInitException(what + " could not be read: " + e.getMessage(), e);
    }
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new KerasInitException(what + " is not valid JSON: the document is longer than " + MAX_DOCUMENT_BYTES
          + " bytes");
    }
    return parse(bytes, what);
  }

  /** One value, then only whitespace: whatever follows (even what Jackson cannot tokenize) is "Extra data". */
  private static Object readOneDocument(JsonParser parser, String what) throws IOException {
    if (parser.nextToken() == null) {
      throw new KerasInitException(what + " is not valid JSON: no value (empty input)");
    }
    Object value = readValue(parser);
    JsonLocation extra;
    try {
      if (parser.nextToken() == null) {
        return value;
      }
      extra = parser.currentTokenLocation();
    } catch (JsonProcessingException e) {
      extra = e.getLocation();
    }
    throw new KerasInitException(what + " is not valid JSON: extra data after the first value" + location(extra)
        + "; a JSON document holds one value (Python's json says \"Extra data\")");
  }

  /**
   * The value at the parser's current token: objects as LinkedHashMaps (key order kept), arrays as ArrayLists, ints
   * as Long (BigInteger past 64 bits: a value's type does not depend on its size), floats as Double. The parser
   * enforces the nesting limit, so the recursion is at most {@value #MAX_NESTING} deep.
   */
  private static Object readValue(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT: {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          p.nextToken();
          map.put(key, readValue(p));
        }
        return map;
      }
      case START_ARRAY: {
        java.util.List<Object> list = new java.util.ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(readValue(p));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT: {
        int digits = p.getTextLength() - (p.getTextCharacters()[p.getTextOffset()] == '-' ? 1 : 0);
        if (digits > MAX_INT_DIGITS) { // before BigInteger parses it, in time quadratic in the digits
          throw new JsonParseException(p, "Exceeds the limit (" + MAX_INT_DIGITS + " digits) for integer string"
              + " conversion: value has " + digits + " digits (Python's json refuses it too)");
        }
        Number n = p.getNumberValue();
        return n instanceof Integer ? Long.valueOf(n.longValue()) : n;
      }
      case VALUE_NUMBER_FLOAT:
        if (NOT_PYTHON.contains(p.getText())) {
          throw new JsonParseException(p, "Unrecognized token '" + p.getText() + "': json.loads reads NaN, Infinity"
              + " and -Infinity only");
        }
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(p, "Unexpected token " + p.currentToken());
    }
  }

  private static String location(JsonProcessingException e) {
    return location(e.getLocation());
  }

  private static String location(JsonLocation where) {
    return where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  /** Compact JSON with Python-style floats. */
  public static String write(Object value) {
    try {
      return Writer.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new KerasInitException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented JSON with Python-style floats and {@code "key": value} as Python's json module writes it. */
  public static String writePretty(Object value) {
    try {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      return Writer.MAPPER.writer(printer).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new KerasInitException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}

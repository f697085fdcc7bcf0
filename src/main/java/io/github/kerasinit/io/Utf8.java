package io.github.kerasinit.io;

import io.github.kerasinit.KerasInitException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes the text of a file as UTF-8, the encoding of JSON (RFC 8259) and of everything Keras writes. Text in
 * another encoding is refused with what it seems to be and where, never decoded into replacement characters. A
 * UTF-8 byte-order mark is skipped, as Python's {@code json.loads} skips it in bytes and Keras in a .keras archive.
 */
public final class Utf8 {
  private Utf8() {}

  /** The text of {@code bytes}; {@code what} names the file in errors. */
  public static String decode(byte[] bytes, String what) {
    String wide = wideEncoding(bytes);
    if (wide != null) {
      throw new KerasInitException(what + " is " + wide + " text, not UTF-8; Keras reads JSON as UTF-8: convert it"
          + " (e.g. iconv -f " + wide + " -t UTF-8)");
    }
    int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int bad = in.position();
      out.flip();
      String before = out.toString();
      int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
      int column = before.length() - before.lastIndexOf('\n');
      throw new KerasInitException(what + " is not UTF-8 text: byte " + String.format(Locale.ROOT, "0x%02X",
          bytes[bad] & 0xFF) + " at line " + line + ", column " + column + " is not valid UTF-8 (Latin-1 or"
          + " another legacy encoding?); Keras reads JSON as UTF-8: convert it (e.g. iconv -f LATIN1 -t UTF-8)");
    }
    out.flip();
    return out.toString();
  }

  /**
   * The iconv name (UTF-16LE...) when a byte-order mark or the NUL bytes around the first character (JSON starts
   * with an ASCII one) say the text is UTF-16 or UTF-32; null otherwise.
   */
  private static String wideEncoding(byte[] b) {
    if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF)) {
      return "UTF-32BE";
    }
    if (startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) {
      return "UTF-32LE";
    }
    if (startsWith(b, 0xFE, 0xFF)) {
      return "UTF-16BE";
    }
    if (startsWith(b, 0xFF, 0xFE)) {
      return "UTF-16LE";
    }
    if (b.length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0) {
      return "UTF-32BE";
    }
    if (b.length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
      return "UTF-32LE";
    }
    if (b.length >= 2 && b[0] == 0 && b[1] != 0) {
      return "UTF-16BE";
    }
    if (b.length >= 2 && b[0] != 0 && b[1] == 0) {
      return "UTF-16LE";
    }
    return null;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}

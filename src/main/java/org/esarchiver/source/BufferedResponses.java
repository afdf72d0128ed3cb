package org.esarchiver.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.http.ContentTooLongException;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.AbstractAsyncResponseConsumer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.HttpContext;
import org.elasticsearch.client.HttpAsyncResponseConsumerFactory;

/**
 * Reads each response body into one byte array that the body reader gets as it is ({@link Body}). The client's
 * default consumer grows a buffer from 4 KB by doubling and then hands out a stream to copy it from again: for search
 * pages, which Elasticsearch sends chunked (no length known in advance), that was a third of all the bytes the
 * archiver allocated. Here a body of unknown length starts at the size of the last body, plus an eighth, so a page is
 * usually read into an array allocated once. Bodies over {@code limit} bytes fail, like the default consumer's.
 */
final class BufferedResponses implements HttpAsyncResponseConsumerFactory {
  private static final int MIN_CAPACITY = 8 << 10;

  private final int limit;
  private volatile int lastLength = MIN_CAPACITY;

  BufferedResponses(int limit) {
    this.limit = limit;
  }

  @Override
  public HttpAsyncResponseConsumer<HttpResponse> createHttpAsyncResponseConsumer() {
    return new Consumer();
  }

  /** A response body, whole: {@code bytes()[0, length())}. */
  static final class Body extends AbstractHttpEntity {
    private final byte[] bytes;
    private final int length;

    private Body(byte[] bytes, int length, ContentType type) {
      this.bytes = bytes;
      this.length = length;
      if (type != null) {
        setContentType(type.toString());
      }
    }

    byte[] bytes() {
      return bytes;
    }

    int length() {
      return length;
    }

    @Override
    public boolean isRepeatable() {
      return true;
    }

    @Override
    public long getContentLength() {
      return length;
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(bytes, 0, length);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes, 0, length);
    }

    @Override
    public boolean isStreaming() {
      return false;
    }
  }

  private final class Consumer extends AbstractAsyncResponseConsumer<HttpResponse> {
    private HttpResponse response;
    private ContentType type;
    private byte[] buffer;
    private ByteBuffer free;
    private int length;

    @Override
    protected void onResponseReceived(HttpResponse received) {
      response = received;
    }

    @Override
    protected void onEntityEnclosed(HttpEntity entity, ContentType contentType) throws IOException {
      type = contentType;
      long declared = entity.getContentLength();
      if (declared > limit) {
        throw tooLong(declared);
      }
      allocate(declared >= 0 ? (int) declared : Math.min(limit, lastLength + lastLength / 8));
    }

    @Override
    protected void onContentReceived(ContentDecoder decoder, IOControl control) throws IOException {
      while (true) {
        if (!free.hasRemaining()) {
          if (buffer.length >= limit) {
            throw tooLong(buffer.length + 1L);
          }
          allocate((int) Math.min(limit, Math.max(MIN_CAPACITY, 2L * buffer.length)));
        }
        int read = decoder.read(free);
        if (read <= 0) {
          return;
        }
        length += read;
      }
    }

    private void allocate(int capacity) {
      byte[] grown = new byte[Math.max(capacity, MIN_CAPACITY)];
      if (buffer != null) {
        System.arraycopy(buffer, 0, grown, 0, length);
      }
      buffer = grown;
      free = ByteBuffer.wrap(buffer, length, buffer.length - length);
    }

    private ContentTooLongException tooLong(long atLeast) {
      return new ContentTooLongException("entity content is too long [" + atLeast
          + "] for the configured buffer limit [" + limit + "]");
    }

    @Override
    protected HttpResponse buildResult(HttpContext context) {
      if (buffer != null) {
        lastLength = Math.max(MIN_CAPACITY, length);
        response.setEntity(new Body(buffer, length, type));
      }
      return response;
    }

    @Override
    protected void releaseResources() {
      buffer = null;
      free = null;
    }
  }
}

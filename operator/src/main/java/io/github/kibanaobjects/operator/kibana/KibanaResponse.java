package io.github.kibanaobjects.operator.kibana;

import okhttp3.Headers;

/** A Kibana answer read fully into memory (Kibana's bodies are small; exports are bounded). */
record KibanaResponse(String method, String path, int status, Headers headers, String body) {
  boolean isSuccessful() {
    return status >= 200 && status < 300;
  }
}

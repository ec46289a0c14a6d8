package io.github.kibanaobjects.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs deploy/argocd's health checks as Argo CD does: the resource, decoded from JSON into Lua
 * tables, is the global {@code obj}, and the script returns a table with {@code status} and {@code
 * message} (Argo CD's "Custom Health Checks" documentation; Argo CD embeds a Lua 5.1 interpreter,
 * LuaJ implements 5.2, and the scripts use only what both have).
 */
final class ArgoHealth {
  static final Path DIR = Path.of("..", "deploy", "argocd");
  static final String KEY_PREFIX = "resource.customizations.health.";

  record Health(String status, String message) {}

  private ArgoHealth() {}

  /** The health check of every {@code <group>_<Kind>} in argocd-cm.yaml, by that key. */
  static Map<String, String> scripts() {
    try {
      var configMap =
          new KubernetesSerialization()
              .unmarshal(Files.readString(DIR.resolve("argocd-cm.yaml")), ConfigMap.class);
      var scripts = new TreeMap<String, String>();
      configMap
          .getData()
          .forEach(
              (key, value) -> {
                if (key.startsWith(KEY_PREFIX)) {
                  scripts.put(key.substring(KEY_PREFIX.length()), value);
                }
              });
      return scripts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String script() {
    try {
      return Files.readString(DIR.resolve("health.lua"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Health evaluate(String script, JsonNode resource) {
    var globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(resource));
    var result = globals.load(script, "health.lua").call();
    return new Health(result.get("status").tojstring(), result.get("message").optjstring(""));
  }

  private static LuaValue lua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      var table = new LuaTable();
      node.fields().forEachRemaining(e -> table.set(e.getKey(), lua(e.getValue())));
      return table;
    }
    if (node.isArray()) {
      var table = new LuaTable();
      for (var i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}

package io.github.kibanaobjects.sim.security;

import java.util.List;

/** The authenticated caller: a user, or an API key / bearer token acting for one. */
public record Principal(String username, List<String> roles, AuthScheme scheme) {
  public enum AuthScheme {
    BASIC,
    API_KEY,
    BEARER
  }
}

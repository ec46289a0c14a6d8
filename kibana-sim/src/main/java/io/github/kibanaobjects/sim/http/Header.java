package io.github.kibanaobjects.sim.http;

/** One response header line; a name may repeat (e.g. several WWW-Authenticate challenges). */
public record Header(String name, String value) {}

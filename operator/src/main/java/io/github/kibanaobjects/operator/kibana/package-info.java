/**
 * The operator's Kibana HTTP client. Free of Kubernetes types: the reconcilers resolve a
 * KibanaConnection and its Secrets into a {@link
 * io.github.kibanaobjects.operator.kibana.KibanaEndpoint} and get a {@link
 * io.github.kibanaobjects.operator.kibana.KibanaClient} from the shared {@link
 * io.github.kibanaobjects.operator.kibana.KibanaClientFactory}.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>Every failure is an {@code OperatorException}; the status-to-reason mapping lives only in
 *       {@code KibanaErrors}. 404 is never mapped there as "absent": the APIs that expect it
 *       ({@code get}, {@code delete}) ask for it explicitly.
 *   <li>Saved objects are written only through {@code _import?overwrite=true}. A {@code
 *       destinationId} in its answer means the id is taken in another space and Kibana wrote a copy
 *       under a new id: that is reported as a conflict, and a copy the import just created is
 *       deleted again (stateful Kibana), so nothing is copied silently.
 *   <li>Serverless Kibana (detected from {@code /api/status} {@code build_flavor}) only exposes
 *       {@code _import}/{@code _export} publicly: reads use {@code _export}, and deleting raises a
 *       non-retryable {@code KibanaError} that says so, leaving the caller to orphan the object.
 * </ul>
 */
package io.github.kibanaobjects.operator.kibana;

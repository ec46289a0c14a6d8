package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Coalesces concurrent upserts to one space of one Kibana into one {@code _import?overwrite=true}.
 * Each caller blocks until its own object's outcome is known and gets exactly that outcome: one
 * object Kibana refuses never fails the others.
 *
 * <p>Per space, the first caller of a batch leads it: it waits up to {@link
 * ImportBatching#maxWait()} for others to join (or until the batch is full), longer (up to {@link
 * ImportBatching#maxLinger()}) while other writes to the space are announced ({@link #expect}) and
 * not yet submitted, and while an import to the space is still in flight, the next batch keeps
 * filling. A batch Kibana refuses for its size (413, or 400 "Can't import more than N objects") is
 * split in halves and sent again; a 403 on a batch of several types is sent again per type (the
 * privilege may be missing for one only); any other failure of the request itself (outage, timeout,
 * 5xx) fails every member with it.
 */
final class ImportBatcher {
  private static final String TOO_MANY = "Can't import more than";

  private final ImportBatching limits;
  private final BiFunction<String, List<ObjectNode>, ImportResult> importer;
  private final Map<String, SpaceQueue> queues = new ConcurrentHashMap<>();
  // the write this thread announced and has not submitted yet: its submit is the one expected
  private final ThreadLocal<Announced> announced = new ThreadLocal<>();

  /**
   * @param importer sends one import ({@link SavedObjectsApi#importObjects}) and answers one
   *     outcome per object, in the order sent
   */
  ImportBatcher(
      ImportBatching limits, BiFunction<String, List<ObjectNode>, ImportResult> importer) {
    this.limits = limits;
    this.importer = importer;
  }

  /**
   * Announces that this thread may soon submit an object to the space: until it does, or closes the
   * announcement, batches to the space wait for it (up to {@link ImportBatching#maxLinger()}).
   */
  ExpectedUpsert expect(String space) {
    if (!limits.batches()) {
      return ExpectedUpsert.NONE;
    }
    var previous = announced.get();
    if (previous != null) {
      previous.close();
    }
    var announcement = new Announced(queue(space));
    announced.set(announcement);
    return announcement;
  }

  /** Writes one object, in a batch with whatever else is being written to the space. */
  ImportOutcome submit(String space, ObjectNode object) {
    var entry = new Entry(object, lineBytes(object));
    if (!limits.batches()) {
      run(space, List.of(entry));
      return entry.result();
    }
    var queue = queue(space);
    var mine = announced.get();
    announced.remove();
    if (mine != null && mine.queue != queue) {
      // written elsewhere than announced: its space must not wait for it any longer
      mine.close();
      mine = null;
    }
    return queue.submit(entry, mine);
  }

  /** Objects waiting in the space's open batch (for tests that must know one has joined). */
  int waiting(String space) {
    var queue = queues.get(space);
    if (queue == null) {
      return 0;
    }
    queue.lock.lock();
    try {
      return queue.open.size();
    } finally {
      queue.lock.unlock();
    }
  }

  private SpaceQueue queue(String space) {
    return queues.computeIfAbsent(space == null ? "default" : space, SpaceQueue::new);
  }

  /** One announced write; counted by its space's queue until submitted or closed. */
  private final class Announced implements ExpectedUpsert {
    final SpaceQueue queue;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Announced(SpaceQueue queue) {
      this.queue = queue;
      queue.expected(+1);
    }

    @Override
    public void close() {
      if (open.getAndSet(false)) {
        queue.expected(-1);
      }
      if (announced.get() == this) {
        announced.remove();
      }
    }
  }

  private static long lineBytes(ObjectNode object) {
    // the line and its newline
    return SavedObjectsApi.importLine(object).getBytes(StandardCharsets.UTF_8).length + 1L;
  }

  /** Sends a batch, splitting it where Kibana's limits or privileges ask for it. */
  private void run(String space, List<Entry> entries) {
    try {
      var outcomes = importer.apply(space, entries.stream().map(e -> e.object).toList()).outcomes();
      for (int i = 0; i < entries.size(); i++) {
        entries.get(i).complete(outcomes.get(i), null);
      }
    } catch (OperatorException e) {
      if (entries.size() > 1 && overKibanasLimits(e)) {
        int half = entries.size() / 2;
        run(space, entries.subList(0, half));
        run(space, entries.subList(half, entries.size()));
      } else if (e.httpStatus() == 403 && types(entries).size() > 1) {
        types(entries).values().forEach(sameType -> run(space, sameType));
      } else {
        entries.forEach(entry -> entry.complete(null, e));
      }
    } catch (RuntimeException e) {
      entries.forEach(entry -> entry.complete(null, e));
    }
  }

  private static boolean overKibanasLimits(OperatorException e) {
    return e.httpStatus() == 413
        || (e.httpStatus() == 400 && e.getMessage() != null && e.getMessage().contains(TOO_MANY));
  }

  private static Map<String, List<Entry>> types(List<Entry> entries) {
    var byType = new LinkedHashMap<String, List<Entry>>();
    entries.forEach(
        e -> byType.computeIfAbsent(e.object.path("type").asText(), t -> new ArrayList<>()).add(e));
    return byType;
  }

  /** One object waiting for its outcome. */
  private static final class Entry {
    final ObjectNode object;
    final long bytes;
    // guarded by the queue's lock, or set once by run() before the waiter looks
    private volatile boolean done;
    private ImportOutcome outcome;
    private RuntimeException failure;
    boolean taken;

    Entry(ObjectNode object, long bytes) {
      this.object = object;
      this.bytes = bytes;
    }

    synchronized void complete(ImportOutcome outcome, RuntimeException failure) {
      this.outcome = outcome;
      this.failure = failure;
      done = true;
    }

    /**
     * The outcome, or the batch's failure as this caller's own exception (callers add to it, so
     * they must not share one instance).
     */
    synchronized ImportOutcome result() {
      if (failure instanceof OperatorException e) {
        throw new OperatorException(
            e.reason(),
            e.getMessage(),
            e.isRetryable(),
            e.retryAfter().orElse(null),
            e.httpStatus(),
            e);
      }
      if (failure != null) {
        throw new OperatorException(
            Reason.KIBANA_ERROR, "the import failed: " + failure.getMessage(), failure);
      }
      return outcome;
    }
  }

  /** The batches of one space: the one filling and whether one is in flight. */
  private final class SpaceQueue {
    private final String space;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Entry> open = new ArrayList<>();
    private long openBytes;
    private boolean leader;
    private boolean sending;
    private int expected;

    SpaceQueue(String space) {
      this.space = space;
    }

    void expected(int change) {
      lock.lock();
      try {
        expected += change;
        if (expected == 0) {
          // only the last arrival can end a linger; a leader sees a rise when its wait ends
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    /**
     * @param arriving this thread's announcement of the entry, ended as the entry joins (not
     *     before, or a lingering batch would leave without it)
     */
    ImportOutcome submit(Entry entry, Announced arriving) {
      lock.lock();
      try {
        open.add(entry);
        openBytes += entry.bytes;
        if (arriving != null) {
          arriving.close();
        }
        changed.signalAll();
        while (!entry.done) {
          if (!leader) {
            leader = true;
            try {
              lead(entry);
            } finally {
              leader = false;
              changed.signalAll();
            }
          } else {
            awaitChange(entry);
          }
        }
      } finally {
        lock.unlock();
      }
      return entry.result();
    }

    /**
     * Fills the open batch until full or the wait is over (the linger, while writes to the space
     * are announced), then sends it when the space is free.
     */
    private void lead(Entry own) {
      long started = System.nanoTime();
      long waitEnds = started + limits.maxWait().toNanos();
      long lingerEnds = started + limits.maxLinger().toNanos();
      while (!full() || sending) {
        long left = (expected > 0 ? lingerEnds : waitEnds) - System.nanoTime();
        if (!sending && left <= 0) {
          break;
        }
        try {
          if (sending) {
            changed.await();
          } else {
            changed.awaitNanos(left);
          }
        } catch (InterruptedException e) {
          // a stopping operator: this object leaves the batch, whoever is left leads it
          Thread.currentThread().interrupt();
          withdraw(own, e);
          return;
        }
      }
      var batch = take();
      if (batch.isEmpty()) {
        return;
      }
      sending = true;
      lock.unlock();
      try {
        run(space, batch);
      } finally {
        lock.lock();
        sending = false;
        changed.signalAll();
      }
    }

    /** A follower's wait; an interrupted one stops waiting only if its object was not sent yet. */
    private void awaitChange(Entry entry) {
      try {
        changed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        withdraw(entry, e);
      }
    }

    /** Takes an object out of the batch if it was not sent yet; else waits for its outcome. */
    private void withdraw(Entry entry, InterruptedException e) {
      if (!entry.taken && open.remove(entry)) {
        openBytes -= entry.bytes;
        entry.complete(
            null,
            new OperatorException(
                Reason.KIBANA_UNREACHABLE,
                "interrupted while waiting to import into space '" + space + "'",
                e));
      } else if (!entry.done) {
        changed.awaitUninterruptibly();
      }
    }

    private boolean full() {
      return open.size() >= limits.maxObjects() || openBytes >= limits.maxBytes();
    }

    /** The longest prefix of the open batch within the limits (always at least one object). */
    private List<Entry> take() {
      var batch = new ArrayList<Entry>();
      long bytes = 0;
      for (var entry : open) {
        if (!batch.isEmpty()
            && (batch.size() >= limits.maxObjects() || bytes + entry.bytes > limits.maxBytes())) {
          break;
        }
        batch.add(entry);
        bytes += entry.bytes;
        entry.taken = true;
      }
      open.subList(0, batch.size()).clear();
      openBytes -= bytes;
      return batch;
    }
  }
}

/** An entry of a DeadlineList: its own links, so joining and leaving allocate nothing. */
export interface Deadlined {
  deadline: number;
  prev: Deadlined | null;
  next: Deadlined | null;
  /** Called once its deadline has passed, already unlinked. */
  timeOut(): void;
}

/**
 * The timeouts of every in-flight request that shares one timeout value, in one list. Entries join in arrival
 * order, so the list is also in deadline order: one timer for its head replaces a setTimeout/clearTimeout pair per
 * request, and an entry that finishes unlinks itself in O(1). The timer is unref'd: whatever the requests wait on
 * keeps the process alive, an idle list must not.
 */
export class DeadlineList {
  head: Deadlined | null = null;
  tail: Deadlined | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly fire = () => this.expire();

  constructor(readonly timeoutMs: number) {}

  /** `startedAt`: `performance.now()` when the request began; its deadline is that plus the list's timeout. */
  add(entry: Deadlined, startedAt: number): void {
    entry.deadline = startedAt + this.timeoutMs;
    entry.prev = this.tail;
    entry.next = null;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    if (this.timer === null) this.arm(this.timeoutMs);
  }

  /** Only for an entry still in the list (not yet timed out). */
  remove(entry: Deadlined): void {
    const { prev, next } = entry;
    if (prev) prev.next = next;
    else this.head = next;
    if (next) next.prev = prev;
    else this.tail = prev;
    entry.prev = entry.next = null;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(delayMs)));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    const now = performance.now();
    let entry = this.head;
    while (entry && entry.deadline <= now) {
      const next = entry.next;
      this.remove(entry);
      entry.timeOut();
      entry = next;
    }
    if (this.head) this.arm(this.head.deadline - now);
  }
}

const lists = new Map<number, DeadlineList>();

/** The process's list for one timeout value (there are few: one per configured integration timeout). */
export function deadlineListFor(timeoutMs: number): DeadlineList {
  let list = lists.get(timeoutMs);
  if (!list) lists.set(timeoutMs, (list = new DeadlineList(timeoutMs)));
  return list;
}

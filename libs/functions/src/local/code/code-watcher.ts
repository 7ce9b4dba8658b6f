import { watch, type FSWatcher } from 'node:fs';

/**
 * Watches a function's directory (recursively) and reports the first change, so the pool running that code is
 * retired and the next invocation starts workers with fresh module caches. One-shot: a new pool brings a new watcher.
 */
export class CodeWatcher {
  private watcher: FSWatcher | undefined;

  constructor(dir: string, onChange: () => void) {
    try {
      this.watcher = watch(dir, { recursive: true, persistent: false }, () => {
        this.close();
        onChange();
      });
      // The directory vanished or became unreadable: treat as a change; the next start reports what is wrong.
      this.watcher.on('error', () => {
        this.close();
        onChange();
      });
    } catch {
      // Cannot watch (missing directory): the worker's init will fail with Runtime.ImportModuleError, loudly.
      this.watcher = undefined;
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}

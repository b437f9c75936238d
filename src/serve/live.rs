//! What the preview server shares between the rebuild loop and the browsers: which build the
//! pages on disk are (the generation), and the errors of the last build, if it failed.

use std::sync::{Condvar, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use crate::diagnostics::Diagnostic;

#[derive(Debug, Default)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
    /// Written while a rebuild changes the output folder and then the state, read while a
    /// request reads a page with the state it is served with: the two always come from one
    /// rebuild, so a mended page never shows the overlay of the error it mended.
    pages: RwLock<()>,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    /// Goes up by one after every rebuild, good or bad, once its files are on disk.
    pub generation: u64,
    /// The errors of the last rebuild; the pages on disk are those of the last good one.
    pub errors: Vec<Diagnostic>,
    /// The warnings of the last rebuild, which the overlay shows below its errors.
    pub warnings: Vec<Diagnostic>,
    /// The base path of the last good build: what the site is served under.
    pub base_path: String,
    pub stopping: bool,
}

impl Live {
    pub fn new(base_path: String) -> Live {
        Live {
            state: Mutex::new(State {
                base_path,
                ..State::default()
            }),
            changed: Condvar::new(),
            pages: RwLock::new(()),
        }
    }

    /// Held by a rebuild from its first write to [`Live::finished`].
    pub fn rebuilding(&self) -> RwLockWriteGuard<'_, ()> {
        (self.pages.write()).unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The state, and a guard to hold while the pages it goes with are read: no rebuild
    /// changes them meanwhile.
    pub fn reading(&self) -> (RwLockReadGuard<'_, ()>, State) {
        let pages = (self.pages.read()).unwrap_or_else(|poisoned| poisoned.into_inner());
        (pages, self.snapshot())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic in one request thread must not take the preview down with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn snapshot(&self) -> State {
        self.lock().clone()
    }

    /// Called after a rebuild's files are completely written (or after it failed).
    pub fn finished(
        &self,
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
        base_path: Option<String>,
    ) {
        let mut state = self.lock();
        state.generation += 1;
        state.errors = errors;
        state.warnings = warnings;
        if let Some(base_path) = base_path {
            state.base_path = base_path;
        }
        self.changed.notify_all();
    }

    pub fn stop(&self) {
        self.lock().stopping = true;
        self.changed.notify_all();
    }

    /// Waits until the generation differs from `seen`, the server stops, or `timeout` passes.
    pub fn wait_change(&self, seen: u64, timeout: Duration) -> State {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation == seen && !s.stopping)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_page_is_read_with_the_state_of_the_rebuild_that_wrote_it() {
        let live = Arc::new(Live::new("/".to_string()));
        let rebuilding = live.rebuilding();
        let reader = {
            let live = live.clone();
            std::thread::spawn(move || live.reading().1.generation)
        };
        // Time for the reader to come, were it not held back.
        std::thread::sleep(Duration::from_millis(100));
        live.finished(Vec::new(), Vec::new(), None);
        drop(rebuilding);
        assert_eq!(reader.join().unwrap(), 1, "it waited for the rebuild");
    }

    /// An event stream waits for a rebuild or the server's end, and is woken by either at
    /// once, not when its wait for the next keep-alive runs out.
    #[test]
    fn a_waiting_event_stream_is_woken_by_a_rebuild_and_by_the_end() {
        let forever = Duration::from_secs(60);
        let woken = |live: &Arc<Live>, act: fn(&Live)| {
            let waiter = {
                let live = live.clone();
                std::thread::spawn(move || live.wait_change(live.snapshot().generation, forever))
            };
            std::thread::sleep(Duration::from_millis(100));
            let started = std::time::Instant::now();
            act(live);
            let state = waiter.join().unwrap();
            assert!(started.elapsed() < forever / 2, "woken only by the timeout");
            state
        };
        let live = Arc::new(Live::new("/".to_string()));
        let rebuilt = woken(&live, |live| live.finished(Vec::new(), Vec::new(), None));
        assert_eq!((rebuilt.generation, rebuilt.stopping), (1, false));
        let stopped = woken(&live, Live::stop);
        assert_eq!((stopped.generation, stopped.stopping), (1, true));
    }
}

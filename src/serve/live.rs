//! What the preview server shares between the rebuild loop and the browsers: which build the
//! pages on disk are (the generation), and the errors of the last build, if it failed.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::diagnostics::Diagnostic;

#[derive(Debug, Default)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
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
        }
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

//! Progress reporting for long work (imports and exports): the CLI passes an indicatif bar,
//! tests pass [`NoProgress`].

/// Something that shows how far a long job is.
pub trait Progress: Sync {
    /// A new phase begins: `what` is being processed, `total` items are expected.
    fn start(&self, what: &str, total: u64);
    /// `n` more items are done.
    fn advance(&self, n: u64);
    /// The phase is over.
    fn finish(&self);
}

/// Shows nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _what: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// Shows a bar that was hidden while it had nothing to count, once `total` is known.
pub fn show_when_known(bar: &indicatif::ProgressBar, total: u64) {
    if total > 0 && bar.is_hidden() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
}

impl Progress for indicatif::ProgressBar {
    fn start(&self, what: &str, total: u64) {
        show_when_known(self, total);
        self.reset();
        self.set_length(total);
        self.set_message(what.to_owned());
    }

    fn advance(&self, n: u64) {
        self.inc(n);
    }

    fn finish(&self) {
        indicatif::ProgressBar::finish(self);
    }
}

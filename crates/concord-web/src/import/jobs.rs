//! The uploads being imported, kept **in memory** between the steps: each file as an
//! `Arc<[u8]>` in a small registry (an axum `Extension`, one per application), keyed by a random
//! id (UUIDv4) and tied to the account that uploaded it. A job is found only by its id *and*
//! its owner, so another account's id is as good as none (404). A job expires
//! [`JOB_LIFETIME`] after it was last touched (and a finished one with it, rejected rows and
//! all); an account keeps at most [`JOBS_PER_ACCOUNT`], the oldest dropped first, so memory
//! stays bounded by the upload limit times that.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use concord_domain::AccountId;
use concord_ingest::ImportReport;
use concord_ingest::csv::CsvOptions;
use uuid::Uuid;

/// How long an untouched job is kept.
pub const JOB_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);
/// How many jobs an account keeps at most.
pub const JOBS_PER_ACCOUNT: usize = 4;

/// The registry of jobs; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Jobs(Arc<Mutex<HashMap<Uuid, Job>>>);

/// One uploaded file and how far its import is.
#[derive(Clone)]
pub struct Job {
    /// The account that uploaded it; no one else sees it.
    pub owner: AccountId,
    /// The file's name as uploaded, for the revision summaries.
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Arc<[u8]>,
    /// The header's cells.
    pub header: Vec<String>,
    /// How many rows the file has (after the header).
    pub rows: u64,
    /// The mapping chosen in step 2, if any.
    pub mapping: Option<Mapping>,
    /// The import, once started.
    pub run: Option<Arc<Run>>,
    touched: Instant,
}

/// The mapping of step 2: the form's values (to show it again) and the engine's options.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// The field chosen for each column, in the header's order (`""`: none).
    pub columns: Vec<String>,
    /// The constant typed for each field, where one was.
    pub constants: Vec<(String, String)>,
    /// The value maps as typed, one `FIELD:CODE=VALUE` a line.
    pub values: String,
    /// The same, as the engine takes them.
    pub options: CsvOptions,
}

/// How an import ended: the report and the rejected rows as CSV, or why it failed.
pub type Outcome = Result<(ImportReport, Vec<u8>), String>;

/// A running or finished import.
#[derive(Default)]
pub struct Run {
    /// Rows done so far.
    pub done: AtomicU64,
    /// Rows in all (known once the file's structure is checked).
    pub total: AtomicU64,
    /// The end: the report and the rejected rows as CSV, or why it failed.
    pub outcome: Mutex<Option<Outcome>>,
}

impl Run {
    /// The outcome, when it is over.
    pub fn outcome(&self) -> Option<Result<(ImportReport, Vec<u8>), String>> {
        lock(&self.outcome).clone()
    }
}

impl concord_ingest::Progress for Run {
    fn start(&self, _what: &str, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }
    fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
    fn finish(&self) {}
}

/// A lock that survives a panic elsewhere (the data are plain values, never half-written).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Jobs {
    /// Keeps a new job for `owner` and returns its id.
    pub fn add(
        &self,
        owner: AccountId,
        file_name: String,
        bytes: Arc<[u8]>,
        header: Vec<String>,
        rows: u64,
    ) -> Uuid {
        let mut jobs = lock(&self.0);
        expire(&mut jobs);
        let mut mine: Vec<(Instant, Uuid)> = jobs
            .iter()
            .filter(|(_, j)| j.owner == owner)
            .map(|(id, j)| (j.touched, *id))
            .collect();
        mine.sort();
        let excess = (mine.len() + 1).saturating_sub(JOBS_PER_ACCOUNT);
        for (_, id) in mine.into_iter().take(excess) {
            jobs.remove(&id);
        }
        let id = Uuid::new_v4();
        let job = Job {
            owner,
            file_name,
            bytes,
            header,
            rows,
            mapping: None,
            run: None,
            touched: Instant::now(),
        };
        jobs.insert(id, job);
        id
    }

    /// The job `id` if `owner` uploaded it (and it has not expired).
    pub fn get(&self, owner: AccountId, id: Uuid) -> Option<Job> {
        let mut jobs = lock(&self.0);
        expire(&mut jobs);
        let job = jobs.get_mut(&id).filter(|j| j.owner == owner)?;
        job.touched = Instant::now();
        Some(job.clone())
    }

    /// Changes the job `id` of `owner` with `change`; `None` when there is no such job.
    pub fn update<T>(
        &self,
        owner: AccountId,
        id: Uuid,
        change: impl FnOnce(&mut Job) -> T,
    ) -> Option<T> {
        let mut jobs = lock(&self.0);
        let job = jobs.get_mut(&id).filter(|j| j.owner == owner)?;
        job.touched = Instant::now();
        Some(change(job))
    }
}

/// Drops the jobs untouched for longer than [`JOB_LIFETIME`], unless still running.
fn expire(jobs: &mut HashMap<Uuid, Job>) {
    jobs.retain(|_, j| {
        let running = j.run.as_ref().is_some_and(|r| lock(&r.outcome).is_none());
        running || j.touched.elapsed() < JOB_LIFETIME
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_belongs_to_its_uploader_and_an_account_keeps_a_few() {
        let jobs = Jobs::default();
        let (alice, bob) = (AccountId(Uuid::new_v4()), AccountId(Uuid::new_v4()));
        let bytes: Arc<[u8]> = Arc::from(&b"name\nA\n"[..]);
        let first = jobs.add(alice, "a.csv".into(), bytes.clone(), vec!["name".into()], 1);
        assert!(jobs.get(alice, first).is_some());
        assert!(jobs.get(bob, first).is_none());
        assert!(jobs.update(bob, first, |_| ()).is_none());
        for _ in 0..JOBS_PER_ACCOUNT {
            jobs.add(alice, "a.csv".into(), bytes.clone(), vec!["name".into()], 1);
        }
        assert!(jobs.get(alice, first).is_none(), "the oldest was dropped");
    }
}

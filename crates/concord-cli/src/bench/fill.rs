//! Fills an empty store with the generated records, then brings the search index up to date,
//! and times both: the import rate is "index included".
//!
//! Generation runs on a blocking thread and hands batches over a small channel, so it overlaps
//! with the store's writes instead of adding to them. It writes only Create edits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use concord_domain::record::Record;
use concord_domain::revision::RevisionAction;
use concord_domain::{OrganisationId, PartnershipId, Viewer};
use concord_search::SearchIndex;
use concord_store::{Document, Edit, Store};
use tokio::sync::mpsc;

use super::corpus::Corpus;
use super::generate::{Generator, PLANTED};

/// Records per `save_batch` call (one transaction each). Each commit writes every page it
/// dirtied to SQLite's WAL, and the import-key index is filled in random order, so small
/// batches rewrite the same index pages again and again: at 1M organisations, batches of
/// 5,000 wrote 9.7 GB and imported 24.7k organisations/s, batches of 50,000 wrote 5.0 GB and
/// imported 31.4k/s (100,000: no further gain). See BENCHMARKS.md, fifth session.
pub const BATCH_SIZE: usize = 50_000;
/// The generator's seed: the same corpus gives the same texts on every run.
pub const SEED: u64 = 20_240_601;
/// Print progress every this many records.
const PROGRESS_EVERY: usize = 100_000;
/// How often the index catches up while the writes go on: as often as a server's follower.
const FOLLOW_EVERY: Duration = Duration::from_secs(1);
/// The longest the index follows the writes (a bound; 1M records take a few minutes).
const FOLLOW_LIMIT: Duration = Duration::from_secs(3_600);

/// What was written, and how long it took.
#[derive(Clone, Debug)]
pub struct Filled {
    /// Organisations written.
    pub organisations: usize,
    /// Partnerships written.
    pub partnerships: usize,
    /// Ids of the partnerships, for the read benchmark.
    pub partnership_ids: Vec<PartnershipId>,
    /// Per planted word: organisations holding it, and those of them in the top country.
    pub planted: [(u64, u64); 4],
    /// Time the generator was busy (it overlaps the writes).
    pub generate_time: Duration,
    /// Time until every record was written (generation and index following overlap it).
    pub store_time: Duration,
    /// Time the index took to finish after the last write.
    pub index_time: Duration,
}

impl Filled {
    /// Organisations per second, writes and index included.
    pub fn organisations_per_second(&self) -> f64 {
        self.organisations as f64 / (self.store_time + self.index_time).as_secs_f64().max(1e-9)
    }
}

/// What the generator thread reports when it is done.
struct Generated {
    busy: Duration,
    partnership_ids: Vec<PartnershipId>,
    planted: [(u64, u64); 4],
}

/// Writes `organisations` organisations, then `partnerships` partnerships between them, while
/// the index follows the log as a server's follower would, then lets the index finish. The
/// store must be empty (checked by the caller).
pub async fn fill(
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    corpus: &Corpus,
    organisations: usize,
    partnerships: usize,
) -> anyhow::Result<Filled> {
    if partnerships > 0 && organisations < 3 {
        bail!("partnerships need at least 3 organisations, not {organisations}");
    }
    let generator = Generator::new(corpus, SEED)?;
    let top_country = corpus.top_country().to_owned();
    let (tx, rx) = mpsc::channel::<Vec<Edit>>(2);
    let producer = tokio::task::spawn_blocking(move || {
        generate(generator, &top_country, organisations, partnerships, &tx)
    });
    let writing = Arc::new(AtomicBool::new(true));
    let follower = tokio::spawn(follow_while(index.clone(), store.clone(), writing.clone()));

    let started = Instant::now();
    let written = write(&*store, rx, organisations + partnerships).await;
    writing.store(false, Ordering::Release);
    let written = written?;
    let generated = producer
        .await
        .context("while waiting for the record generator")??;
    ensure!(
        written == organisations + partnerships,
        "wrote {written} records, expected {}",
        organisations + partnerships
    );
    let store_time = started.elapsed();

    let started = Instant::now();
    follower
        .await
        .context("while waiting for the index follower")??;
    let progress = |applied: u64, total: u64| {
        if applied.is_multiple_of(PROGRESS_EVERY as u64) || applied == total {
            eprintln!("bench: indexed {applied} of {total} remaining revisions");
        }
    };
    concord_search::catch_up(&index, &*store, &progress)
        .await
        .context("while bringing the search index up to date")?;
    Ok(Filled {
        organisations,
        partnerships,
        partnership_ids: generated.partnership_ids,
        planted: generated.planted,
        generate_time: generated.busy,
        store_time,
        index_time: started.elapsed(),
    })
}

/// Saves each batch received; returns how many records were written.
async fn write(
    store: &dyn Store,
    mut rx: mpsc::Receiver<Vec<Edit>>,
    total: usize,
) -> anyhow::Result<usize> {
    let started = Instant::now();
    let (mut written, mut reported) = (0, 0);
    while let Some(batch) = rx.recv().await {
        let n = batch.len();
        store
            .save_batch(batch)
            .await
            .with_context(|| format!("while saving records {}–{}", written + 1, written + n))?;
        written += n;
        if written - reported >= PROGRESS_EVERY || written == total {
            reported = written;
            let rate = written as f64 / started.elapsed().as_secs_f64().max(1e-9);
            eprintln!("bench: wrote {written} of {total} records ({rate:.0}/s)");
        }
    }
    Ok(written)
}

/// Catches the index up again and again while `writing` holds (at most [`FOLLOW_LIMIT`]).
async fn follow_while(
    index: Arc<SearchIndex>,
    store: Arc<dyn Store>,
    writing: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    let started = Instant::now();
    while writing.load(Ordering::Acquire) && started.elapsed() < FOLLOW_LIMIT {
        concord_search::catch_up(&index, &*store, &|_, _| {})
            .await
            .context("while the index followed the writes")?;
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
    Ok(())
}

/// Generates every record into batches of Create edits (on a blocking thread).
fn generate(
    mut generator: Generator,
    top_country: &str,
    organisations: usize,
    partnerships: usize,
    tx: &mpsc::Sender<Vec<Edit>>,
) -> anyhow::Result<Generated> {
    let started = Instant::now();
    let mut waited = Duration::ZERO;
    let who = Viewer::system("bench");
    let mut planted = [(0u64, 0u64); 4];
    let mut organisation_ids: Vec<OrganisationId> = Vec::with_capacity(organisations);
    let mut batch = Vec::with_capacity(BATCH_SIZE);
    for i in 0..organisations {
        let o = generator.organisation(i as u64);
        let in_top = o.country.as_deref() == Some(top_country);
        for (count, p) in planted.iter_mut().zip(PLANTED) {
            if p.in_record(i as u64) {
                count.0 += 1;
                count.1 += u64::from(in_top);
            }
        }
        organisation_ids.push(o.id);
        batch.push(create(&who, &o)?);
        if batch.len() == BATCH_SIZE {
            waited += send(
                tx,
                std::mem::replace(&mut batch, Vec::with_capacity(BATCH_SIZE)),
            )?;
        }
    }
    let mut partnership_ids = Vec::with_capacity(partnerships);
    for _ in 0..partnerships {
        let p = generator.partnership(&organisation_ids);
        partnership_ids.push(p.id);
        batch.push(create(&who, &p)?);
        if batch.len() == BATCH_SIZE {
            waited += send(
                tx,
                std::mem::replace(&mut batch, Vec::with_capacity(BATCH_SIZE)),
            )?;
        }
    }
    if !batch.is_empty() {
        waited += send(tx, batch)?;
    }
    Ok(Generated {
        busy: started.elapsed().saturating_sub(waited),
        partnership_ids,
        planted,
    })
}

fn create<R: Record>(who: &Viewer, record: &R) -> anyhow::Result<Edit> {
    Ok(Edit {
        who: who.clone(),
        document: Document::from_record(record)
            .with_context(|| format!("while serialising {}", record.key()))?,
        base: None,
        action: RevisionAction::Create,
        summary: "concord bench".to_owned(),
    })
}

/// Hands a batch to the writer; returns how long it waited for room.
fn send(tx: &mpsc::Sender<Vec<Edit>>, batch: Vec<Edit>) -> anyhow::Result<Duration> {
    let started = Instant::now();
    tx.blocking_send(batch)
        .map_err(|_| anyhow::anyhow!("the writer stopped before every batch was generated"))?;
    Ok(started.elapsed())
}

//! Fills an empty store with the generated records, then brings the search index up to date,
//! and times both: the import rate is "index included".
//!
//! Generation runs on a blocking thread and hands batches over a small channel, so it overlaps
//! with the store's writes instead of adding to them. It writes only Create edits. Each batch
//! written is handed to the index ([`WrittenFeed`]), which applies it while the next batches
//! are written.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use concord_domain::record::Record;
use concord_domain::revision::RevisionAction;
use concord_domain::{OrganisationId, PartnershipId, Viewer};
use concord_search::{SearchIndex, WrittenFeed};
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
    /// Writing the organisations and indexing them.
    pub organisations_phase: Phase,
    /// Then writing the partnerships and indexing them.
    pub partnerships_phase: Phase,
}

/// How long one kind of record took to import, index included.
#[derive(Clone, Copy, Debug, Default)]
pub struct Phase {
    /// Until the last record was written (generation and indexing overlap it).
    pub writing: Duration,
    /// Then until the index had applied and committed them all.
    pub index_finishing: Duration,
}

impl Phase {
    /// The whole phase.
    pub fn total(&self) -> Duration {
        self.writing + self.index_finishing
    }

    /// `records` per second over the whole phase.
    pub fn rate(&self, records: usize) -> f64 {
        records as f64 / self.total().as_secs_f64().max(1e-9)
    }
}

/// What the generator thread reports when it is done.
struct Generated {
    busy: Duration,
    partnership_ids: Vec<PartnershipId>,
    planted: [(u64, u64); 4],
}

/// Writes `organisations` organisations, each batch indexed while the next is written, and
/// lets the index finish; then the same for `partnerships` partnerships between them. The
/// organisations' phase is what the import target measures. The store must be empty (checked
/// by the caller).
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
    let (tx, mut rx) = mpsc::channel::<Vec<Edit>>(2);
    let producer = tokio::task::spawn_blocking(move || {
        generate(generator, &top_country, organisations, partnerships, &tx)
    });
    let organisations_phase = import(&store, &index, &mut rx, "organisations", organisations)
        .await
        .context("while importing the organisations")?;
    let partnerships_phase = import(&store, &index, &mut rx, "partnerships", partnerships)
        .await
        .context("while importing the partnerships")?;
    ensure!(
        rx.recv().await.is_none(),
        "the generator made more records than asked for"
    );
    let generated = producer
        .await
        .context("while waiting for the record generator")??;
    Ok(Filled {
        organisations,
        partnerships,
        partnership_ids: generated.partnership_ids,
        planted: generated.planted,
        generate_time: generated.busy,
        organisations_phase,
        partnerships_phase,
    })
}

/// Saves the next `total` records received, batch by batch, handing each batch to the index,
/// which applies it while the next ones are written; then lets the index apply and commit the
/// rest, so the records are searchable when it returns.
async fn import(
    store: &Arc<dyn Store>,
    index: &Arc<SearchIndex>,
    rx: &mut mpsc::Receiver<Vec<Edit>>,
    what: &str,
    total: usize,
) -> anyhow::Result<Phase> {
    let started = Instant::now();
    let (mut written, mut reported) = (0, 0);
    let mut feed = WrittenFeed::start(index.clone(), store.clone());
    while written < total {
        let Some(batch) = rx.recv().await else {
            bail!("the generator stopped after {written} of {total} {what}");
        };
        let n = batch.len();
        let logged = store
            .save_batch(batch)
            .await
            .with_context(|| format!("while saving {what} {}–{}", written + 1, written + n))?;
        feed.send(logged).await.context("while indexing a batch")?;
        written += n;
        if written - reported >= PROGRESS_EVERY || written == total {
            reported = written;
            let rate = written as f64 / started.elapsed().as_secs_f64().max(1e-9);
            eprintln!("bench: wrote {written} of {total} {what} ({rate:.0}/s)");
        }
    }
    ensure!(written == total, "wrote {written} {what}, expected {total}");
    let writing = started.elapsed();
    feed.finish()
        .await
        .context("while indexing the last batches")?;
    concord_search::catch_up(index, &**store, &|_, _| {})
        .await
        .context("while bringing the search index up to date")?;
    Ok(Phase {
        writing,
        index_finishing: started.elapsed() - writing,
    })
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
        // The organisations' last batch goes alone: the partnerships are a phase of their own.
        if batch.len() == BATCH_SIZE || i + 1 == organisations {
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

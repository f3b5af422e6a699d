//! The command line: every command, flag and environment variable, with its `--help` text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod accounts;

pub use accounts::{RoleChange, TokenAction, UserAction};

/// Concord: the shared memory and front door of a federated movement's partnerships.
#[derive(Debug, Parser)]
#[command(name = "concord", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct Database {
    /// Database URL: `sqlite:PATH` (embedded, the default) or `postgres://USER@HOST/DB`.
    #[arg(
        long = "database",
        env = "CONCORD_DATABASE_URL",
        default_value = concord_cli::backend::DEFAULT_DATABASE_URL,
        global = true
    )]
    pub url: String,
    /// Directory of the search index [default: PATH.index beside a SQLite file, else ./concord-index].
    #[arg(long, env = "CONCORD_INDEX_DIR", global = true)]
    pub index_dir: Option<PathBuf>,
}

/// Where to listen.
#[derive(Debug, Clone, Args)]
pub struct Listen {
    /// Address to serve HTTP on.
    #[arg(
        long = "listen",
        env = "CONCORD_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub addr: SocketAddr,
}

/// How the site is reached and how people log in (`serve`, `demo`).
#[derive(Debug, Clone, Args)]
pub struct Site {
    /// The address people reach the site at, e.g. `https://concord.example.org`. When it is
    /// https, cookies are marked Secure. Needed by the Wikimedia login, whose callback is
    /// PUBLIC-URL/login/wikimedia/callback.
    #[arg(long, env = "CONCORD_PUBLIC_URL")]
    pub public_url: Option<url::Url>,
    /// "Log in with your Wikimedia account": the OAuth 2.0 client id the wiki gave (the
    /// Wikimedia login needs all three --wikimedia-* settings, or none).
    #[arg(long, env = "CONCORD_WIKIMEDIA_CLIENT_ID")]
    pub wikimedia_client_id: Option<String>,
    /// The OAuth 2.0 client's secret. Prefer the environment variable: arguments are visible to
    /// other users of the machine.
    #[arg(long, env = "CONCORD_WIKIMEDIA_CLIENT_SECRET", hide_env_values = true)]
    pub wikimedia_client_secret: Option<String>,
    /// The wiki whose accounts log in, e.g. `https://meta.wikimedia.org` (https, or http on
    /// this machine only).
    #[arg(long, env = "CONCORD_WIKIMEDIA_WIKI_URL")]
    pub wikimedia_wiki_url: Option<url::Url>,
    /// The SMTP server that e-mails inquirers (a receipt with their private status link, then
    /// each decision): `smtp://host:25`, `smtp://host:587?tls=required` or
    /// `smtps://user:password@host`. Needs --public-url (for the links) and --mail-from.
    /// Prefer the environment variable when it holds a password.
    #[arg(
        long,
        env = "CONCORD_SMTP_URL",
        hide_env_values = true,
        requires = "mail_from"
    )]
    pub smtp_url: Option<String>,
    /// The sender of those e-mails, e.g. `Concord <concord@example.org>`.
    #[arg(long, env = "CONCORD_MAIL_FROM", requires = "smtp_url")]
    pub mail_from: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web pages and the JSON API (`/api/v1`).
    Serve {
        #[command(flatten)]
        db: Database,
        #[command(flatten)]
        listen: Listen,
        #[command(flatten)]
        site: Site,
    },
    /// Build a fresh demo database from the real data in shared/data and the seed pages' partnerships, then serve it.
    Demo {
        /// SQLite database for the demo; any existing demo database at this path is replaced.
        /// Not read from CONCORD_DATABASE_URL, so a demo never replaces the database the other
        /// commands use.
        #[arg(
            long = "database",
            env = "CONCORD_DEMO_DATABASE_URL",
            default_value = "sqlite:concord-demo.db"
        )]
        url: String,
        /// Directory holding the datasets (wikimedia-affiliates, ror-organisations, …) [default: ../shared/data, searched upwards].
        #[arg(long, env = "CONCORD_DATA_DIR")]
        data_dir: Option<PathBuf>,
        #[command(flatten)]
        listen: Listen,
        #[command(flatten)]
        site: Site,
        /// Build the database, then exit instead of serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Create or upgrade the database schema (every command does this too; this does only that).
    Migrate {
        #[command(flatten)]
        db: Database,
    },
    /// Import organisations: from CSV with a column mapping, Wikidata entity JSON, or a dataset folder.
    Import {
        #[command(flatten)]
        db: Database,
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Export records as CSV, JSON lines or JSON-LD (public records unless --all).
    Export {
        #[command(flatten)]
        db: Database,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        /// Record kind to export (organisation, person, partnership, need, glossary_term).
        #[arg(long, default_value = "organisation")]
        kind: String,
        /// File to write [default: standard output].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include records of every visibility (an operator's full export).
        #[arg(long, conflicts_with = "as_user")]
        all: bool,
        /// Export what this account may see, with its roles (a member also gets movement
        /// records, a steward its entities' records). Without --all or --as, only public
        /// records. Exports above public are written to the audit log.
        #[arg(long = "as", value_name = "USERNAME")]
        as_user: Option<String>,
    },
    /// Write the whole database to a backup file (JSON lines).
    Backup {
        #[command(flatten)]
        db: Database,
        /// The backup file to write.
        output: PathBuf,
    },
    /// Load a backup file into an empty database.
    Restore {
        #[command(flatten)]
        db: Database,
        /// The backup file to read.
        input: PathBuf,
    },
    /// Rebuild the search index from the database.
    Reindex {
        #[command(flatten)]
        db: Database,
    },
    /// Check the database and the search index, and print what they hold.
    Check {
        #[command(flatten)]
        db: Database,
    },
    /// Create, list or revoke API tokens.
    Token {
        #[command(flatten)]
        db: Database,
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Add, list and change user accounts, and invite people to sign up. Every change is in the
    /// audit log, by "cli".
    User {
        #[command(flatten)]
        db: Database,
        #[command(subcommand)]
        action: UserAction,
    },
    /// Measure import and HTTP throughput on a large synthetic database (see BENCHMARKS.md).
    #[cfg(feature = "bench")]
    Bench(BenchArgs),
}

/// Import sources.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// A CSV file with a header; map fields to columns with --map.
    Csv(CsvArgs),
    /// Wikidata entity JSON: dump lines or `wbgetentities` output.
    Wikidata {
        /// The JSON file.
        file: PathBuf,
    },
    /// One dataset folder of shared/data (wikimedia-affiliates, ror-organisations, glam-isil-wikidata, world-universities).
    Dataset {
        /// The folder.
        dir: PathBuf,
    },
}

/// How `concord import csv` reads its file.
#[derive(Debug, Args)]
pub struct CsvArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// `FIELD=COLUMN`, repeatable. Fields: name, kind, country, website, wikidata, ror, isil, description, tags, names.LANG.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// `FIELD=VALUE`, repeatable: the value of FIELD in every row that has none (`--set country=US`).
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// `FIELD:CODE=VALUE`, repeatable: a coded value and what it stands for (`--map-value kind:ART=museum`).
    #[arg(long = "map-value", value_name = "FIELD:CODE=VALUE")]
    pub map_value: Vec<String>,
    /// A CSV file of codes with the header `field,code,value`, read like --map-value.
    #[arg(long = "map-values", value_name = "FILE")]
    pub map_values: Option<PathBuf>,
    /// Report what would be created, updated, unchanged and skipped, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where the skipped rows go, with a `reason` column [default: FILE.rejected.csv beside the input; none in a dry run].
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values (organisations).
    Csv,
    /// One JSON record per line.
    Jsonl,
    /// JSON-LD with schema.org types (organisations).
    Jsonld,
}

/// Benchmark settings.
#[cfg(feature = "bench")]
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Database URL to fill (it must be empty) [default: a temporary SQLite file].
    #[arg(long)]
    pub database: Option<String>,
    /// Organisations to create.
    #[arg(long, default_value_t = 1_000_000)]
    pub organisations: usize,
    /// Partnerships to create.
    #[arg(long, default_value_t = 100_000)]
    pub partnerships: usize,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 16)]
    pub clients: usize,
    /// Seconds per measured run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Serve the measured requests from the benchmark's own process instead of a separate
    /// `concord serve` child. The memory under load then includes what the import left behind
    /// and the load generator, so it is not the server's alone.
    #[arg(long)]
    pub in_process: bool,
}

#[cfg(feature = "bench")]
impl BenchArgs {
    /// The benchmark's settings; `concord` is this binary, started as `concord serve` unless
    /// `--in-process` is given.
    pub fn into_config(self, concord: PathBuf) -> concord_bench::BenchConfig {
        concord_bench::BenchConfig {
            database: self.database,
            organisations: self.organisations,
            partnerships: self.partnerships,
            clients: self.clients,
            seconds: self.seconds,
            server: if self.in_process {
                concord_bench::ServerMode::InProcess
            } else {
                concord_bench::ServerMode::Child(concord)
            },
        }
    }
}

//! `concord`: serve the registry, build the demo, import, export, back up, restore and more.
//! Argument parsing and dispatch only.
//!
//! TODO(#2): the commands are wired in once the stores, index and API land (crates/concord-cli/pending).

mod cli;

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    anyhow::bail!("`{:?}` is not wired in yet", cli.command)
}

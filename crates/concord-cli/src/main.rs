//! `concord`: serve the registry, build the demo, import, export, back up, restore and more.
//! Argument parsing and dispatch only; the work is in the library and the `cmd` modules.

mod cli;
mod cmd;

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("concord=info,concord_http=info,warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    cmd::run(cli).await
}
